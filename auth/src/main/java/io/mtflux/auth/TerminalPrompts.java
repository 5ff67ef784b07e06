package io.mtflux.auth;

import io.mtflux.core.tl.api.auth.AuthCodeType;
import io.mtflux.core.tl.api.auth.AuthCodeTypeCall;
import io.mtflux.core.tl.api.auth.AuthCodeTypeFlashCall;
import io.mtflux.core.tl.api.auth.AuthCodeTypeFragmentSms;
import io.mtflux.core.tl.api.auth.AuthCodeTypeMissedCall;
import io.mtflux.core.tl.api.auth.AuthCodeTypeSms;
import io.mtflux.core.tl.api.auth.AuthSentCodeType;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeApp;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeCall;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeEmailCode;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeFlashCall;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeFragmentSms;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeMissedCall;
import io.mtflux.core.tl.api.auth.AuthSentCodeTypeSms;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * The prompts of {@link LoginPrompts#terminal(LoginTerminal)}. A terminal read cannot be taken back: when a question
 * is cancelled while its read waits (the code prompt, when the flow resends the code after the call timeout), the
 * read stays pending and the line typed next answers the next question.
 */
final class TerminalPrompts {
    private static final String RESEND = "resend";

    private final LoginTerminal terminal;
    /** A read under way or done whose line nobody has taken yet. */
    private final AtomicReference<Sinks.One<String>> pending = new AtomicReference<>();

    TerminalPrompts(LoginTerminal terminal) {
        this.terminal = terminal;
    }

    LoginPrompts prompts() {
        return LoginPrompts.builder()
            .phone(() -> ask("phone number (international format)", false))
            .codeAnswer(sent -> ask(codeQuestion(sent), false)
                .map(line -> line.equalsIgnoreCase(RESEND) ? CodeAnswer.resend() : CodeAnswer.of(line)))
            .password(hint -> ask("2FA password" + (hint == null || hint.isBlank() ? "" : " (hint: " + hint + ")"),
                true))
            .signUp(terms -> show(terms.isEmpty() ? "" : "Terms of service (signing up accepts them):\n"
                    + terms.text() + "\n")
                .then(ask("first name of the new account", false))
                .flatMap(first -> ask("last name (empty for none)", false).defaultIfEmpty("")
                    .map(last -> new LoginPrompts.SignUpNames(first, last))))
            .onError(error -> show(describe(error) + "\n").then(Mono.empty()))
            .build();
    }

    /** Shows {@code text} (nothing when empty), off the event loops. */
    private Mono<Void> show(String text) {
        return text.isEmpty() ? Mono.empty()
            : Mono.fromRunnable(() -> terminal.print(text)).subscribeOn(Schedulers.boundedElastic()).then();
    }

    /** The answer to {@code question}: the next line, stripped (a secret as typed); empty for a blank line or EOF. */
    private Mono<String> ask(String question, boolean secret) {
        return Mono.defer(() -> {
            Sinks.One<String> fresh = Sinks.one();
            Sinks.One<String> waiting = pending.compareAndExchange(null, fresh);
            Mono<Void> asked;
            Sinks.One<String> line;
            if (waiting == null) {
                line = fresh;
                Mono<String> read = Mono.fromCallable(() -> {
                    terminal.print(question + ": ");
                    return secret ? terminal.readSecret() : terminal.readLine();
                });
                // not cancelled with the question: the read goes on and its line waits in the sink
                read.subscribeOn(Schedulers.boundedElastic())
                    .subscribe(fresh::tryEmitValue, fresh::tryEmitError, fresh::tryEmitEmpty);
                asked = Mono.empty();
            } else {
                // an earlier question was cancelled while its read waits: the line typed next answers this one
                line = waiting;
                asked = show(question + ": ");
            }
            return asked.then(line.asMono())
                .doOnTerminate(() -> pending.compareAndSet(line, null))
                .map(text -> secret ? text : text.strip())
                .filter(text -> !text.isBlank());
        });
    }

    private static String codeQuestion(SentCode.CodeSent sent) {
        StringBuilder q = new StringBuilder("login code (").append(describe(sent.type()));
        if (sent.nextType() != null) {
            q.append("; type ").append(RESEND).append(" to get another ").append(describe(sent.nextType()));
        }
        return q.append(')').toString();
    }

    private static String describe(AuthSentCodeType type) {
        if (type instanceof AuthSentCodeTypeApp) {
            return "sent to your other Telegram sessions";
        }
        if (type instanceof AuthSentCodeTypeSms) {
            return "sent by SMS";
        }
        if (type instanceof AuthSentCodeTypeCall) {
            return "read to you in a phone call";
        }
        if (type instanceof AuthSentCodeTypeFlashCall flash) {
            return "the number of the call you receive, matching " + flash.pattern();
        }
        if (type instanceof AuthSentCodeTypeMissedCall missed) {
            return "the last " + missed.length() + " digits of the number that calls you";
        }
        if (type instanceof AuthSentCodeTypeEmailCode) {
            return "sent by email";
        }
        if (type instanceof AuthSentCodeTypeFragmentSms) {
            return "on fragment.com";
        }
        return "sent as " + type.tlName();
    }

    private static String describe(AuthCodeType next) {
        if (next instanceof AuthCodeTypeSms) {
            return "by SMS";
        }
        if (next instanceof AuthCodeTypeCall) {
            return "by a phone call";
        }
        if (next instanceof AuthCodeTypeFlashCall) {
            return "by a flash call";
        }
        if (next instanceof AuthCodeTypeMissedCall) {
            return "by a missed call";
        }
        if (next instanceof AuthCodeTypeFragmentSms) {
            return "on fragment.com";
        }
        return "as " + next.tlName();
    }

    /** The error's type and its rpc_error (never a prompt's answer: login calls carry none in their errors). */
    private static String describe(Throwable error) {
        return "  " + error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }
}
