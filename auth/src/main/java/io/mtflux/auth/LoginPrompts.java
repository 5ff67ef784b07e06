package io.mtflux.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Where a login gets what only the user knows, as {@code Mono}s, and what it does after an error: the same flow
 * then serves a terminal, a web page, or a service that receives codes from elsewhere. Immutable; built from parts
 * ({@link #builder()}), or ready-made: {@link #environment()}, {@link #terminal()}, combined with
 * {@link #orElse}. {@link #toString()} names the parts given, never a value.
 *
 * <ul>
 *   <li>phone number; login code (given how it was sent; the answer may ask for another code); 2FA password (given
 *       its hint); names for a new account (given the terms of service); bot token (when it gives one,
 *       {@link LoginFlows#start} logs a bot in);</li>
 *   <li>{@code onError}: sees every error of the login's calls and decides whether the flow asks again or stops
 *       (https://core.telegram.org/api/auth lists them per method).</li>
 * </ul>
 *
 * <p>A part that is not given, answers an empty {@code Mono} or a blank string has no answer: the next prompts of
 * {@link #orElse} are asked, and if none answers the login fails with {@link LoginPromptEmptyException} naming the
 * {@link Prompt}. A fixed value (the builder's value forms, {@link #environment()}) answers only the first time its
 * prompt is asked in a login: asked again, its answer was wrong (or its code replaced), so it has none.
 */
public final class LoginPrompts {
    /** The environment variable {@link #environment()} reads the phone number from. */
    public static final String PHONE_VARIABLE = "MTFLUX_PHONE";
    /** The environment variable {@link #environment()} reads the login code from. */
    public static final String CODE_VARIABLE = "MTFLUX_CODE";
    /** The environment variable {@link #environment()} reads the 2FA password from. */
    public static final String PASSWORD_VARIABLE = "MTFLUX_PASSWORD";
    /** The environment variable {@link #environment()} reads a new account's first name from. */
    public static final String FIRST_NAME_VARIABLE = "MTFLUX_FIRST_NAME";
    /** The environment variable {@link #environment()} reads a new account's last name from. */
    public static final String LAST_NAME_VARIABLE = "MTFLUX_LAST_NAME";
    /** The environment variable {@link #environment()} reads the bot token from. */
    public static final String BOT_TOKEN_VARIABLE = "MTFLUX_BOT_TOKEN";

    /** The prompts of a login. */
    public enum Prompt {
        /** The phone number. */
        PHONE,
        /** The login code (or a request for another one). */
        CODE,
        /** The 2FA password. */
        PASSWORD,
        /** The names of a new account. */
        SIGN_UP,
        /** The bot token. */
        BOT_TOKEN
    }

    /** What the flow does after an error. */
    public enum ErrorAction {
        /** Ask again where the flow can (the phone, the code, the password, the names, the bot token). */
        CONTINUE,
        /** End the login with the error. */
        STOP;

        /**
         * The flow's choice when {@code onError} gives none: {@link #CONTINUE} after a wrong, empty or expired
         * code ({@code auth.resendCode} then sends a new one), {@code SEND_CODE_UNAVAILABLE}, a wrong password and
         * {@code AUTH_RESTART}; {@link #STOP} after anything else (flood waits, invalid or banned numbers, bad bot
         * tokens, other RPC errors).
         *
         * @param error an error of a login call
         * @return the default action
         */
        public static ErrorAction defaultFor(Throwable error) {
            return error instanceof PhoneCodeInvalidException || error instanceof PhoneCodeEmptyException
                || error instanceof PhoneCodeExpiredException || error instanceof SendCodeUnavailableException
                || error instanceof PasswordHashInvalidException || error instanceof AuthRestartException
                ? CONTINUE : STOP;
        }
    }

    /**
     * The names of a new account.
     *
     * @param firstName first name (required by Telegram)
     * @param lastName last name (null becomes empty)
     */
    public record SignUpNames(String firstName, String lastName) {
        /**
         * Checks the first name; a null last name becomes empty.
         *
         * @param firstName first name
         * @param lastName last name, or null
         * @throws NullPointerException if {@code firstName} is null
         */
        public SignUpNames {
            Objects.requireNonNull(firstName, "firstName");
            lastName = lastName == null ? "" : lastName;
        }
    }

    /**
     * One prompt: its answer to {@code input} the {@code ask}-th time it is asked in one login (1 the first), or
     * an empty {@code Mono}.
     */
    @FunctionalInterface
    interface Part<I, O> {
        Mono<O> answer(I input, int ask);
    }

    private final Part<Void, String> phone;
    private final Part<SentCode.CodeSent, CodeAnswer> code;
    private final Part<String, String> password;
    private final Part<TermsOfService, SignUpNames> signUp;
    private final Part<Void, String> botToken;
    private final Function<Throwable, Mono<ErrorAction>> onError;

    private LoginPrompts(Part<Void, String> phone, Part<SentCode.CodeSent, CodeAnswer> code,
                         Part<String, String> password, Part<TermsOfService, SignUpNames> signUp,
                         Part<Void, String> botToken, Function<Throwable, Mono<ErrorAction>> onError) {
        this.phone = phone;
        this.code = code;
        this.password = password;
        this.signUp = signUp;
        this.botToken = botToken;
        this.onError = onError;
    }

    /** @return a builder with no part given */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Fixed values from the process's environment: see {@link #environment(Map)}.
     *
     * @return the prompts
     */
    public static LoginPrompts environment() {
        return environment(System.getenv());
    }

    /**
     * Fixed values from {@code variables}: {@value #PHONE_VARIABLE}, {@value #CODE_VARIABLE},
     * {@value #PASSWORD_VARIABLE}, {@value #FIRST_NAME_VARIABLE} with {@value #LAST_NAME_VARIABLE} (optional) for a
     * sign-up, {@value #BOT_TOKEN_VARIABLE} for a bot. A variable that is missing or blank gives no part.
     *
     * @param variables e.g. {@code System.getenv()}
     * @return the prompts
     */
    public static LoginPrompts environment(Map<String, String> variables) {
        Objects.requireNonNull(variables, "variables");
        Builder b = builder();
        String value = variables.get(PHONE_VARIABLE);
        if (given(value)) {
            b.phone(value);
        }
        value = variables.get(CODE_VARIABLE);
        if (given(value)) {
            b.code(value);
        }
        value = variables.get(PASSWORD_VARIABLE);
        if (given(value)) {
            b.password(value);
        }
        value = variables.get(FIRST_NAME_VARIABLE);
        if (given(value)) {
            b.signUp(value, variables.get(LAST_NAME_VARIABLE));
        }
        value = variables.get(BOT_TOKEN_VARIABLE);
        if (given(value)) {
            b.botToken(value);
        }
        return b.build();
    }

    /**
     * The process's terminal ({@link LoginTerminal#system()}): see {@link #terminal(LoginTerminal)}.
     *
     * @return the prompts
     */
    public static LoginPrompts terminal() {
        return terminal(LoginTerminal.system());
    }

    /**
     * Asks on {@code terminal}: the phone, the code (described by how it was sent; typing {@code resend} asks for
     * another), the password (with its hint, read as a secret), and for a sign-up the terms of service, then the
     * names; shows each error the flow reports before it asks again. Every read and write runs on
     * {@code Schedulers.boundedElastic()}. No bot token: combine with {@link #builder()} for one. An empty line or
     * the end of the input is no answer.
     *
     * @param terminal where to ask
     * @return the prompts
     */
    public static LoginPrompts terminal(LoginTerminal terminal) {
        return new TerminalPrompts(Objects.requireNonNull(terminal, "terminal")).prompts();
    }

    /**
     * These prompts, and where one of them has no answer, {@code fallback}'s: e.g. values from flags, the rest
     * from the terminal. {@code onError} is this one's if given, else {@code fallback}'s.
     *
     * @param fallback the prompts asked when these have no answer
     * @return the combined prompts
     */
    public LoginPrompts orElse(LoginPrompts fallback) {
        Objects.requireNonNull(fallback, "fallback");
        return new LoginPrompts(either(phone, fallback.phone), either(code, fallback.code),
            either(password, fallback.password), either(signUp, fallback.signUp), either(botToken, fallback.botToken),
            onError != null ? onError : fallback.onError);
    }

    private static <I, O> Part<I, O> either(Part<I, O> first, Part<I, O> second) {
        if (first == null || second == null) {
            return first == null ? second : first;
        }
        return (input, ask) -> first.answer(input, ask).switchIfEmpty(Mono.defer(() -> second.answer(input, ask)));
    }

    // ------------------------------------------------------------------ asked by the flows

    Mono<String> phone(int ask) {
        return ask(phone, null, ask);
    }

    Mono<CodeAnswer> code(SentCode.CodeSent sent, int ask) {
        return ask(code, sent, ask);
    }

    Mono<String> password(String hint, int ask) {
        return ask(password, hint, ask);
    }

    Mono<SignUpNames> signUp(TermsOfService terms, int ask) {
        return ask(signUp, terms, ask);
    }

    Mono<String> botToken(int ask) {
        return ask(botToken, null, ask);
    }

    /** {@code onError}'s action, or the default when it has none. */
    Mono<ErrorAction> decide(Throwable error) {
        ErrorAction byDefault = ErrorAction.defaultFor(error);
        return onError == null ? Mono.just(byDefault)
            : Mono.defer(() -> onError.apply(error)).defaultIfEmpty(byDefault);
    }

    private static <I, O> Mono<O> ask(Part<I, O> part, I input, int ask) {
        return part == null ? Mono.empty() : Mono.defer(() -> part.answer(input, ask));
    }

    private static boolean given(String value) {
        return value != null && !value.isBlank();
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (phone != null) {
            parts.add("phone");
        }
        if (code != null) {
            parts.add("code");
        }
        if (password != null) {
            parts.add("password");
        }
        if (signUp != null) {
            parts.add("signUp");
        }
        if (botToken != null) {
            parts.add("botToken");
        }
        if (onError != null) {
            parts.add("onError");
        }
        return "LoginPrompts" + parts;
    }

    /**
     * Builds {@link LoginPrompts} from values (each answers once per login; blank ones are refused with
     * {@code IllegalArgumentException}) and functions (asked every time; a blank string they answer is no answer).
     * A later call for the same prompt replaces the earlier one.
     */
    public static final class Builder {
        private Part<Void, String> phone;
        private Part<SentCode.CodeSent, CodeAnswer> code;
        private Part<String, String> password;
        private Part<TermsOfService, SignUpNames> signUp;
        private Part<Void, String> botToken;
        private Function<Throwable, Mono<ErrorAction>> onError;

        private Builder() {
        }

        /**
         * @param value the phone number, international format
         * @return this
         */
        public Builder phone(String value) {
            phone = once(text(value, "phone"));
            return this;
        }

        /**
         * @param prompt asked for the phone number
         * @return this
         */
        public Builder phone(Supplier<Mono<String>> prompt) {
            Objects.requireNonNull(prompt, "prompt");
            phone = (none, ask) -> nonBlank(prompt.get());
            return this;
        }

        /**
         * @param value the login code
         * @return this
         */
        public Builder code(String value) {
            code = once(CodeAnswer.of(text(value, "code")));
            return this;
        }

        /**
         * @param prompt asked for the code, given how it was sent ({@code type}, {@code nextType}, {@code timeout})
         * @return this
         */
        public Builder code(Function<SentCode.CodeSent, Mono<String>> prompt) {
            Objects.requireNonNull(prompt, "prompt");
            code = (sent, ask) -> nonBlank(prompt.apply(sent)).map(CodeAnswer::of);
            return this;
        }

        /**
         * @param prompt asked for the code, given how it was sent; may answer {@link CodeAnswer#resend()}
         * @return this
         */
        public Builder codeAnswer(Function<SentCode.CodeSent, Mono<CodeAnswer>> prompt) {
            Objects.requireNonNull(prompt, "prompt");
            code = (sent, ask) -> mono(prompt.apply(sent));
            return this;
        }

        /**
         * @param value the 2FA password
         * @return this
         */
        public Builder password(String value) {
            password = once(text(value, "password"));
            return this;
        }

        /**
         * @param prompt asked for the 2FA password, given its hint (may be null)
         * @return this
         */
        public Builder password(Function<String, Mono<String>> prompt) {
            Objects.requireNonNull(prompt, "prompt");
            password = (hint, ask) -> nonBlank(prompt.apply(hint));
            return this;
        }

        /**
         * @param firstName the new account's first name
         * @param lastName its last name (null or empty for none)
         * @return this
         */
        public Builder signUp(String firstName, String lastName) {
            signUp = once(new SignUpNames(text(firstName, "firstName"), lastName));
            return this;
        }

        /**
         * @param prompt asked for the names of a new account, given the terms of service it accepts by signing up
         * @return this
         */
        public Builder signUp(Function<TermsOfService, Mono<SignUpNames>> prompt) {
            Objects.requireNonNull(prompt, "prompt");
            signUp = (terms, ask) -> mono(prompt.apply(terms));
            return this;
        }

        /**
         * @param value a bot token ({@code <bot id>:<secret>}): {@link LoginFlows#start} logs this bot in
         * @return this
         */
        public Builder botToken(String value) {
            botToken = once(text(value, "botToken"));
            return this;
        }

        /**
         * @param prompt asked for a bot token first; an empty answer means a user login
         * @return this
         */
        public Builder botToken(Supplier<Mono<String>> prompt) {
            Objects.requireNonNull(prompt, "prompt");
            botToken = (none, ask) -> nonBlank(prompt.get());
            return this;
        }

        /**
         * @param handler given every error of the login's calls; its action decides whether the flow asks again
         *     (still at most {@code maxAttempts} times per step) or stops with the error; an empty answer takes
         *     {@link ErrorAction#defaultFor}; an error from it ends the login with that error
         * @return this
         */
        public Builder onError(Function<Throwable, Mono<ErrorAction>> handler) {
            onError = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** @return the prompts */
        public LoginPrompts build() {
            return new LoginPrompts(phone, code, password, signUp, botToken, onError);
        }

        private static String text(String value, String name) {
            if (Objects.requireNonNull(value, name).isBlank()) {
                throw new IllegalArgumentException(name + " is blank");
            }
            return value;
        }

        private static <I, O> Part<I, O> once(O value) {
            return (input, ask) -> ask == 1 ? Mono.just(value) : Mono.empty();
        }

        private static <T> Mono<T> mono(Mono<T> answer) {
            return Objects.requireNonNull(answer, "a prompt returned null instead of a Mono");
        }

        private static Mono<String> nonBlank(Mono<String> answer) {
            return mono(answer).filter(s -> !s.isBlank());
        }
    }
}
