/**
 * Logging an {@link io.mtflux.core.client.MtprotoClient} in (https://core.telegram.org/api/auth).
 * {@link io.mtflux.auth.LoginFlows} runs whole logins (phone and code, 2FA, sign-up, bot token, QR) and asks for
 * what it needs through {@link io.mtflux.auth.LoginPrompts} (fixed values, the environment, the terminal, or
 * functions); {@link io.mtflux.auth.AuthClient} is the single {@code auth.*} calls as {@code Mono}s. The errors a
 * login branches on have their own types ({@link io.mtflux.auth.PhoneCodeInvalidException},
 * {@link io.mtflux.auth.SessionPasswordNeededException}, ...; {@link io.mtflux.auth.AuthErrors} maps them).
 * Codes, passwords and bot tokens never reach a log or an exception message.
 */
package io.mtflux.auth;
