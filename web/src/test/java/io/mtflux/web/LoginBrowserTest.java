package io.mtflux.web;

import static io.mtflux.web.LoginTestSupport.TOKEN;
import static io.mtflux.web.LoginTestSupport.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.mtflux.accounts.AccountManager;
import io.mtflux.accounts.AccountSpec;
import io.mtflux.auth.AuthClient;
import io.mtflux.auth.LoginFlows;
import io.mtflux.auth.LoginPrompts;
import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.client.ClientResources;
import io.mtflux.core.client.MtprotoClient;
import io.mtflux.core.rpc.RpcException;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.PendingLogin;
import io.mtflux.core.store.SessionState;
import io.mtflux.testkit.LoginCode;
import io.mtflux.testkit.TestBot;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.TestkitExtension;
import io.mtflux.testservers.Chromium;
import io.mtflux.web.LoginTestSupport.Api;
import io.mtflux.web.LoginTestSupport.Reply;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import reactor.core.Disposable;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * The login pages in a real headless Chromium against a testkit cluster: a 2FA login with a wrong code first, a
 * sign-up with the terms, a bot, a QR login accepted from another session while the page is open (with a token
 * refresh seen), a flood wait; a screenshot of each page under {@code target/screenshots/}. The browser talks to
 * the console through a recording proxy: at the end no URL it asked for, no response header (of the browser's and
 * of REST calls), and no log line holds a code, a password, the bot token, a phone_code_hash or the access token
 * (but the one {@code ?token=} first visit, which redirects).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoginBrowserTest {
    static final String BEN = "+1 555 820 0002";
    static final String QIN = "+1 555 820 0006";
    static final String FAY = "+1 555 820 0007";
    static final String REX = "+1 555 820 0008";
    static final String BEN_PASSWORD = "ben-browser-2fa-pw";
    static final String BOT_TOKEN = "7002:AAHbrowserBotSecretTokenValue9";
    static final Path SHOTS = Path.of("target", "screenshots");

    /** The cluster's login clock runs 25 s behind: its 30 s QR tokens expire 5 s from the client's now. */
    static final ShiftedClock CLOCK = new ShiftedClock(Duration.ofSeconds(-25));

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(2).clock(CLOCK)
        .user(TestUser.of(BEN).dc(1).name("Ben", "Browser").password(BEN_PASSWORD, "a browser hint"),
            TestUser.of(QIN).dc(2).name("Qin", "Page").code("36912"),
            TestUser.of(FAY).dc(2).name("Fay", "Flood"),
            TestUser.of(REX).dc(2).name("Rex", "Rest"))
        .bot(TestBot.of(BOT_TOKEN).name("Browser Bot")));

    private static final List<String> SECRETS = new CopyOnWriteArrayList<>();
    private static final List<String> PROXY_URLS = new CopyOnWriteArrayList<>();
    private static final List<String> BROWSER_URLS = new CopyOnWriteArrayList<>();
    private static final List<String> HEADERS = new CopyOnWriteArrayList<>();
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();

    private static PrintStream originalErr;
    private static ClientResources resources;
    private static InMemorySessionStore store;
    private static AccountManager manager;
    private static Console console;
    private static DisposableServer proxy;
    private static Chromium chromium;
    private static Disposable codes;
    private static final List<MtprotoClient> CLIENTS = new ArrayList<>();

    @BeforeAll
    static void start(TestCluster cluster) {
        // the log output (slf4j-simple writes to System.err at each line) is kept for the secrets check
        originalErr = System.err;
        System.setErr(new PrintStream(new Tee(originalErr, LOG), true, StandardCharsets.UTF_8));
        codes = cluster.codes().map(LoginCode::code).subscribe(SECRETS::add);
        SECRETS.add(TOKEN);
        SECRETS.add(BEN_PASSWORD);
        SECRETS.add(BOT_TOKEN);
        SECRETS.add(BOT_TOKEN.substring(BOT_TOKEN.indexOf(':') + 1));
        resources = ClientResources.builder().ioThreads(2).build();
        store = new InMemorySessionStore();
        manager = LoginTestSupport.manager(resources, cluster, store);
        for (String id : List.of("ben", "new", "bot", "qin", "fay", "rex")) {
            manager.add(AccountSpec.of(id));
        }
        console = LoginTestSupport.console(manager);
        proxy = recordingProxy(console);
        chromium = Chromium.start();
    }

    @AfterAll
    static void stop() {
        try {
            if (chromium != null) {
                chromium.close();
            }
            if (proxy != null) {
                proxy.disposeNow();
            }
            if (console != null) {
                console.close().block(WAIT);
            }
            if (manager != null) {
                manager.close().block(WAIT);
            }
            CLIENTS.forEach(c -> c.close().block(WAIT));
            if (codes != null) {
                codes.dispose();
            }
            if (resources != null) {
                resources.shutdown().block(WAIT);
            }
        } finally {
            System.setErr(originalErr);
        }
    }

    /** Forwards every request to the console as is (Host kept, so Origin checks see the browser's origin). */
    private static DisposableServer recordingProxy(Console target) {
        String base = target.url().toString().replaceAll("/$", "");
        HttpClient client = HttpClient.create().followRedirect(false);
        return HttpServer.create().host("127.0.0.1").port(0)
            .handle((req, res) -> {
                PROXY_URLS.add(req.uri());
                return client.headers(h -> h.set(req.requestHeaders()))
                    .request(req.method()).uri(base + req.uri())
                    .send(req.receive().retain())
                    .response((r, body) -> {
                        r.responseHeaders().forEach(h -> HEADERS.add(h.getKey() + ": " + h.getValue()));
                        return res.status(r.status()).headers(r.responseHeaders()).send(body.retain(), b -> true);
                    })
                    .then();
            })
            .bindNow();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + proxy.port() + path;
    }

    private static WebDriver driver() {
        return chromium.driver();
    }

    private static void open(String path) {
        driver().get(url(path));
        BROWSER_URLS.add(driver().getCurrentUrl());
    }

    private static WebElement visible(String css) {
        return new WebDriverWait(driver(), WAIT).until(d -> {
            for (WebElement e : d.findElements(By.cssSelector(css))) {
                if (e.isDisplayed()) {
                    return e;
                }
            }
            return null;
        });
    }

    private static WebElement textIn(String css, String text) {
        return new WebDriverWait(driver(), WAIT).until(d -> {
            for (WebElement e : d.findElements(By.cssSelector(css))) {
                if (e.isDisplayed() && e.getText().contains(text)) {
                    return e;
                }
            }
            return null;
        });
    }

    private static void submit(String formCss) {
        List<WebElement> buttons = driver().findElements(By.cssSelector(formCss + " button[type=submit]"));
        assertThat(buttons).as("one submit button in %s", formCss).hasSize(1);
        buttons.get(0).click();
    }

    private static void shot(String name) {
        chromium.screenshot(SHOTS.resolve(name));
    }

    private static String code(TestCluster cluster, String phone) {
        return cluster.lastCode(phone).orElseThrow().code();
    }

    private static void rememberHash(String accountId) {
        SessionState s = store.load(accountId).block(WAIT);
        PendingLogin p = s == null ? null : s.pendingLogin();
        if (p != null && p.phoneCodeHash() != null) {
            SECRETS.add(p.phoneCodeHash());
        }
    }

    @Test
    @Order(1)
    void aTwoFactorLoginWithAWrongCodeFirst(TestCluster cluster) {
        // the first visit carries the token; the console sets its cookie and redirects to the URL without it
        driver().get(url("/accounts/ben/login?token=" + TOKEN));
        BROWSER_URLS.add(driver().getCurrentUrl());
        assertThat(driver().getCurrentUrl()).isEqualTo(url("/accounts/ben/login")).doesNotContain(TOKEN);
        WebElement phone = visible("#phone-form input[name=phone]");
        assertThat(phone.getAttribute("type")).isEqualTo("tel");
        assertThat(phone.getAttribute("autocomplete")).isEqualTo("tel");
        shot("login-phone.png");
        phone.sendKeys(BEN);
        submit("#phone-form");

        WebElement code = visible("#code-form input[name=code]");
        rememberHash("ben");
        assertThat(code.getAttribute("autocomplete")).isEqualTo("one-time-code");
        assertThat(code.getAttribute("inputmode")).isEqualTo("numeric");
        String right = code(cluster, BEN);
        code.sendKeys(right.startsWith("1") ? "2" + right.substring(1) : "1" + right.substring(1));
        submit("#code-form");
        WebElement error = textIn("#code-form [data-error-for=code]", "PHONE_CODE_INVALID");
        assertThat(error.getText()).contains("attempts left");
        // the form stays for another try
        assertThat(visible("#code-form input[name=code]").isDisplayed()).isTrue();
        shot("login-code-error.png");

        WebElement again = visible("#code-form input[name=code]");
        again.clear();
        again.sendKeys(right);
        submit("#code-form");
        WebElement password = visible("#password-form input[name=password]");
        assertThat(password.getAttribute("type")).isEqualTo("password");
        assertThat(password.getAttribute("autocomplete")).isEqualTo("current-password");
        assertThat(driver().findElement(By.cssSelector("#password-form input[name=username]")).getAttribute("value"))
            .isNotBlank();
        textIn("#password-form", "a browser hint");
        shot("login-password.png");
        password.sendKeys(BEN_PASSWORD);
        submit("#password-form");

        long benId = cluster.user(BEN).orElseThrow().id();
        textIn("#done", "Ben Browser");
        textIn("#done #user-id", Long.toString(benId));

        open("/accounts/ben");
        textIn("#state", "AUTHORIZED");
        textIn("#user-name", "Ben Browser");
        textIn("#user-id", Long.toString(benId));
        textIn("#home-dc", "DC 1");
        shot("account.png");
    }

    @Test
    @Order(2)
    void aSignUpShowsTheTerms(TestCluster cluster) {
        String phone = "99967" + (10000 + (int) (Math.random() * 89999));
        open("/accounts/new/login");
        visible("#phone-form input[name=phone]").sendKeys(phone);
        submit("#phone-form");
        WebElement code = visible("#code-form input[name=code]");
        rememberHash("new");
        code.sendKeys(code(cluster, phone));
        submit("#code-form");
        textIn("#terms", "terms of service");
        assertThat(driver().findElement(By.cssSelector("#signup-form input[name=firstName]"))
            .getAttribute("autocomplete")).isEqualTo("given-name");
        assertThat(driver().findElement(By.cssSelector("#signup-form input[name=lastName]"))
            .getAttribute("autocomplete")).isEqualTo("family-name");
        shot("signup.png");
        visible("#signup-form input[name=firstName]").sendKeys("Newt");
        visible("#signup-form input[name=lastName]").sendKeys("Signup");
        submit("#signup-form");
        textIn("#done", "Newt Signup");
        textIn("#done #user-id", Long.toString(cluster.user(phone).orElseThrow().id()));
    }

    @Test
    @Order(3)
    void aBotLogsIn(TestCluster cluster) {
        open("/accounts/bot/bot");
        WebElement token = visible("#bot-form input[name=bot_token]");
        shot("bot.png");
        token.sendKeys(BOT_TOKEN);
        submit("#bot-form");
        textIn("#done", "Browser Bot");
        textIn("#done #user-id", "7002");
    }

    @Test
    @Order(4)
    void aQrLoginAcceptedFromAnotherSessionMovesThePageOn(TestCluster cluster) {
        MtprotoClient other = MtprotoClient.create(ClientOptions.builder().apiId(1)
            .apiHash(LoginTestSupport.API_HASH).dcOptions(cluster.dcOptions()).sessionStore(new InMemorySessionStore())
            .build());
        CLIENTS.add(other);
        other.connect().block(WAIT);
        LoginFlows.create(other).login(LoginPrompts.builder().phone(QIN).code("36912").build()).block(WAIT);
        SECRETS.add("36912");

        open("/accounts/qin/qr");
        WebElement box = visible("#qr svg");
        assertThat(box.getAttribute("outerHTML")).contains("<path");
        String first = driver().findElement(By.id("qr")).getAttribute("data-url");
        shot("qr.png");
        // the cluster's tokens expire 5 s after they are made (by the client's clock): a new one replaces the
        // first while the page stays open, with no reload
        Object marker = ((ChromeDriver) driver()).executeScript("window.__sameDocument = true; return 1;");
        assertThat(marker).isNotNull();
        String second = new WebDriverWait(driver(), WAIT).until(d -> {
            String now = d.findElement(By.id("qr")).getAttribute("data-url");
            return now != null && !now.equals(first) ? now : null;
        });
        assertThat(((ChromeDriver) driver()).executeScript("return window.__sameDocument === true;"))
            .isEqualTo(Boolean.TRUE);
        byte[] token = Base64.getUrlDecoder().decode(second.substring(second.indexOf("token=") + 6));
        AuthClient.create(other).acceptLoginToken(token).block(WAIT);

        new WebDriverWait(driver(), WAIT).until(d -> d.getCurrentUrl().equals(url("/accounts/qin")));
        BROWSER_URLS.add(driver().getCurrentUrl());
        textIn("#state", "AUTHORIZED");
        textIn("#user-name", "Qin Page");
        textIn("#user-id", Long.toString(cluster.user(QIN).orElseThrow().id()));
    }

    @Test
    @Order(5)
    void aFloodWaitIsShownWithItsTime(TestCluster cluster) {
        cluster.faults(2).failNext("auth.sendCode", 1, RpcException.of(420, "FLOOD_WAIT_75"));
        try {
            open("/accounts/fay/login");
            visible("#phone-form input[name=phone]").sendKeys(FAY);
            submit("#phone-form");
            WebElement flood = textIn("#flood", "FLOOD_WAIT");
            assertThat(flood.getText()).containsPattern("wait 7[0-5] s");
            textIn("#phone-form [data-error-for=phone]", "FLOOD_WAIT");
            // it counts down
            new WebDriverWait(driver(), WAIT).until(d -> !d.findElement(By.id("flood")).getText().contains("75 s"));
            assertThat(visible("#phone-form input[name=phone]").isDisplayed()).isTrue();
            shot("flood.png");
        } finally {
            cluster.faults(2).reset();
        }
    }

    @Test
    @Order(6)
    void aRestLoginOnTheSameConsole(TestCluster cluster) {
        Api api = new Api(console, TOKEN);
        Reply sent = api.post("/api/accounts/rex/send-code", Map.of("phone", REX));
        assertThat(sent.status()).as(sent.text()).isEqualTo(200);
        rememberHash("rex");
        Reply in = api.post("/api/accounts/rex/sign-in", Map.of("code", code(cluster, REX)));
        assertThat(in.status()).as(in.text()).isEqualTo(200);
        HEADERS.addAll(LoginTestSupport.RESPONSE_HEADERS);
    }

    @Test
    @Order(7)
    void noSecretInAUrlAHeaderOrTheLog() {
        List<String> hashes = SECRETS.stream().filter(s -> s.length() > 12 && !s.equals(TOKEN)).toList();
        assertThat(SECRETS).as("codes, passwords, tokens and hashes were captured").hasSizeGreaterThan(8);
        assertThat(hashes).as("phone_code_hash values were captured").isNotEmpty();
        assertThat(PROXY_URLS).isNotEmpty();
        assertThat(HEADERS).isNotEmpty();
        String log = LOG.toString(StandardCharsets.UTF_8);
        assertThat(log).as("the log was captured").contains("account ben");
        String firstVisit = "/accounts/ben/login?token=" + TOKEN;
        for (String secret : SECRETS) {
            // a short code counts as a whole number only (a port or a user id may hold its digits)
            Pattern p = Pattern.compile(secret.length() < 10 ? "(?<![0-9])" + Pattern.quote(secret) + "(?![0-9])"
                : Pattern.quote(secret));
            assertThat(PROXY_URLS).filteredOn(u -> !u.equals(firstVisit))
                .noneMatch(u -> p.matcher(u).find());
            assertThat(BROWSER_URLS).noneMatch(u -> p.matcher(u).find());
            assertThat(HEADERS).noneMatch(h -> p.matcher(h).find());
            assertThat(p.matcher(log).find()).as("the log holds a secret").isFalse();
        }
        assertThat(PROXY_URLS).filteredOn(u -> u.contains("token=")).containsExactly(firstVisit);
    }

    /** The real clock moved by a fixed offset. */
    static final class ShiftedClock extends Clock {
        private final Duration offset;

        ShiftedClock(Duration offset) {
            this.offset = offset;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    /** Writes to two streams. */
    static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) {
            write(new byte[] {(byte) c}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int off, int len) {
            synchronized (b) {
                b.write(bytes, off, len);
            }
            try {
                a.write(bytes, off, len);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
