package io.mtflux.auth;

/**
 * A prompt the login needed gave no answer: it was not given, its {@code Mono} completed empty or with a blank
 * string, or its fixed value was already used (a fixed value answers only the first time it is asked). The cause is
 * the error that made the flow ask again, if any (e.g. {@link PhoneCodeInvalidException}).
 */
public class LoginPromptEmptyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The prompt that gave no answer. */
    private final LoginPrompts.Prompt prompt;

    /**
     * Creates the exception.
     *
     * @param prompt the prompt that gave no answer
     * @param cause the error that made the flow ask again, or null
     */
    public LoginPromptEmptyException(LoginPrompts.Prompt prompt, Throwable cause) {
        super("the " + prompt + " prompt gave no answer"
            + (cause == null ? "" : " (asked again after " + cause.getClass().getSimpleName() + ")"), cause);
        this.prompt = prompt;
    }

    /** @return which prompt was empty */
    public LoginPrompts.Prompt prompt() {
        return prompt;
    }
}
