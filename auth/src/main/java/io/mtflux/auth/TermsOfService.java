package io.mtflux.auth;

import io.mtflux.core.tl.api.MessageEntity;
import io.mtflux.core.tl.api.help.HelpTermsOfService;
import java.util.List;
import java.util.Objects;

/**
 * The terms of service a new account accepts by signing up ({@code help.termsOfService} from
 * {@code auth.authorizationSignUpRequired}: https://core.telegram.org/api/auth#sign-up), to show before asking for
 * the names.
 *
 * @param text the text (empty when the server sent none, e.g. with {@code PHONE_NUMBER_UNOCCUPIED})
 * @param entities its formatting ({@code MessageEntity} offsets into {@code text})
 * @param minAgeConfirm the minimum age the user must confirm, or null
 */
public record TermsOfService(String text, List<MessageEntity> entities, Integer minAgeConfirm) {
    /** No terms were sent. */
    public static final TermsOfService NONE = new TermsOfService("", List.of(), null);

    /**
     * Checks the text and copies the entities.
     *
     * @param text the text
     * @param entities its formatting
     * @param minAgeConfirm the minimum age the user must confirm, or null
     * @throws NullPointerException if {@code text} or {@code entities} is null
     */
    public TermsOfService {
        Objects.requireNonNull(text, "text");
        entities = List.copyOf(entities);
    }

    /**
     * @param terms the TL object, or null
     * @return its text, entities and age, or {@link #NONE}
     */
    public static TermsOfService of(HelpTermsOfService terms) {
        return terms == null ? NONE : new TermsOfService(terms.text(), terms.entities(), terms.minAgeConfirm());
    }

    /** @return whether no terms were sent */
    public boolean isEmpty() {
        return text.isEmpty();
    }
}
