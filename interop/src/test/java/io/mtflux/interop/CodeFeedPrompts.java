package io.mtflux.interop;

import io.mtflux.auth.LoginPrompts;
import io.mtflux.auth.SentCode;
import io.mtflux.core.tl.api.help.HelpTermsOfService;
import io.mtflux.testkit.LoginCode;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.api.Phones;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Login prompts that answer codes from the cluster's code feed (never guessed), the first code made wrong on
 * request, a fixed password, and the names {@code Flux User} for a sign-up. The feed is subscribed at creation,
 * before {@code auth.sendCode}, and the newest code of the phone is replayed to each ask.
 */
final class CodeFeedPrompts implements LoginPrompts {
    final AtomicInteger codeAsks = new AtomicInteger();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final String phone;
    private final boolean firstCodeWrong;
    private final String password;
    private final Duration wait;
    private final Flux<String> codes;

    /**
     * @param cluster the cluster whose codes answer
     * @param phone the number to log in
     * @param firstCodeWrong answer the first ask with a wrong code (every digit changed)
     * @param password the 2FA password
     * @param wait how long to wait for a code
     * @param subscriptions takes the feed's subscription, to dispose of after the test
     */
    CodeFeedPrompts(TestCluster cluster, String phone, boolean firstCodeWrong, String password, Duration wait,
                    Consumer<Disposable> subscriptions) {
        this.phone = phone;
        this.firstCodeWrong = firstCodeWrong;
        this.password = password;
        this.wait = wait;
        String digits = Phones.normalize(phone);
        this.codes = cluster.codes().filter(c -> c.phone().equals(digits)).map(LoginCode::code)
            .replay(1).autoConnect(0, subscriptions);
    }

    @Override
    public Mono<String> phoneNumber() {
        return Mono.just(phone);
    }

    @Override
    public Mono<String> code(SentCode.CodeSent sent) {
        int ask = codeAsks.incrementAndGet();
        return codes.next().timeout(wait).map(code -> firstCodeWrong && ask == 1
            ? code.chars().mapToObj(d -> String.valueOf((d - '0' + 1) % 10)).reduce("", String::concat)
            : code);
    }

    @Override
    public Mono<String> password(String hint) {
        return Mono.just(password);
    }

    @Override
    public Mono<SignUpNames> signUp(HelpTermsOfService terms) {
        return Mono.just(new SignUpNames("Flux", "User"));
    }

    @Override
    public void onError(Throwable error) {
        errors.add(error);
    }
}
