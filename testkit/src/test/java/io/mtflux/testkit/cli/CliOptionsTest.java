package io.mtflux.testkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.testkit.TestBot;
import io.mtflux.testkit.TestUser;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The command line, parsed in-process (the child-process tests cover the exit codes). */
class CliOptionsTest {

    @Test
    void defaults() throws UsageException {
        CliOptions options = CliOptions.parse();
        assertThat(options.dcs()).isEqualTo(3);
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isZero();
        assertThat(options.rsaKeyFile()).isNull();
        assertThat(options.users()).isEmpty();
        assertThat(options.bots()).isEmpty();
        assertThat(options.help()).isFalse();
    }

    @Test
    void everyFlagInBothForms() throws UsageException {
        CliOptions options = CliOptions.parse("--dcs", "5", "--host=localhost", "--port", "40001",
            "--rsa-key=/tmp/k.pem",
            "--user", "phone=+15550001111,dc=2,first=Ann,last=Lee,password=hunter2,hint=pet,code=12345",
            "--user=phone=+1 (555) 000-2222,username=bob",
            "--bot", "token=123456:AAE-x=y,dc=4,first=Helper,username=helper_bot");
        assertThat(options.dcs()).isEqualTo(5);
        assertThat(options.host()).isEqualTo("localhost");
        assertThat(options.port()).isEqualTo(40001);
        assertThat(options.rsaKeyFile()).isEqualTo(Path.of("/tmp/k.pem"));
        assertThat(options.users()).hasSize(2);
        TestUser ann = options.users().get(0);
        assertThat(ann.phone()).isEqualTo("+15550001111");
        assertThat(ann.dc()).isEqualTo(2);
        assertThat(ann.firstName()).isEqualTo("Ann");
        assertThat(ann.lastName()).isEqualTo("Lee");
        assertThat(ann.password()).isEqualTo("hunter2");
        assertThat(ann.hint()).isEqualTo("pet");
        assertThat(ann.code()).isEqualTo("12345");
        TestUser bob = options.users().get(1);
        assertThat(bob.phone()).isEqualTo("+1 (555) 000-2222");
        assertThat(bob.dc()).isZero();
        assertThat(bob.username()).isEqualTo("bob");
        assertThat(bob.password()).isNull();
        assertThat(bob.code()).isNull();
        TestBot bot = options.bots().get(0);
        assertThat(bot.id()).isEqualTo(123456L);
        assertThat(bot.token()).isEqualTo("123456:AAE-x=y");
        assertThat(bot.dc()).isEqualTo(4);
        assertThat(bot.firstName()).isEqualTo("Helper");
        assertThat(bot.username()).isEqualTo("helper_bot");
    }

    @Test
    void firstNameAloneLeavesTheLastNameEmpty() throws UsageException {
        TestUser user = CliOptions.parse("--user", "phone=15550001111,first=Ann").users().get(0);
        assertThat(user.firstName()).isEqualTo("Ann");
        assertThat(user.lastName()).isEmpty();
    }

    @Test
    void tlsFlags() throws UsageException {
        CliOptions plain = CliOptions.parse();
        assertThat(plain.wss()).isFalse();
        assertThat(plain.tlsCertFile()).isNull();
        CliOptions generated = CliOptions.parse("--wss");
        assertThat(generated.wss()).isTrue();
        assertThat(generated.tlsCertFile()).isNull();
        CliOptions files = CliOptions.parse("--tls-cert", "/tmp/c.pem", "--tls-key=/tmp/k.pem");
        assertThat(files.wss()).isTrue();
        assertThat(files.tlsCertFile()).isEqualTo(Path.of("/tmp/c.pem"));
        assertThat(files.tlsKeyFile()).isEqualTo(Path.of("/tmp/k.pem"));
        assertUsage("--tls-cert and --tls-key go together", "--tls-key", "/tmp/k.pem");
        assertUsage("--tls-cert needs a value", "--tls-cert");
        assertUsage("unknown flag --wss", "--wss=yes");
    }

    @Test
    void help() throws UsageException {
        assertThat(CliOptions.parse("--dcs", "2", "--help").help()).isTrue();
        assertThat(CliOptions.USAGE).contains("--dcs", "--host", "--port", "--rsa-key", "--user", "--bot", "--wss",
            "--tls-cert", "--tls-key");
    }

    @Test
    void badFlagsSayWhatIsWrong() {
        assertUsage("unknown flag --frobnicate", "--frobnicate");
        assertUsage("unknown flag --frobnicate", "--frobnicate=1");
        assertUsage("unknown flag -x", "-x");
        assertUsage("--dcs: 'x' is not a number (1..9)", "--dcs", "x");
        assertUsage("--dcs: 10 is out of range (1..9)", "--dcs", "10");
        assertUsage("--dcs: 0 is out of range (1..9)", "--dcs=0");
        assertUsage("--dcs needs a value", "--dcs");
        assertUsage("--port: 70000 is out of range (0..65535)", "--port", "70000");
        assertUsage("--port 65535 leaves no room for 3 DCs", "--port", "65535");
        assertUsage("--host needs an address", "--host", "");
        assertUsage("--rsa-key needs a file", "--rsa-key=");
        assertUsage("unexpected argument 'extra'", "extra");
        assertUsage("--user needs phone=", "--user", "dc=2,first=Ann");
        assertUsage("--user phone='abc' is not a phone number", "--user", "phone=abc");
        assertUsage("--user dc: 4 is out of range (1..3)", "--user", "phone=15550001111,dc=4");
        assertUsage("--user: key 'dc' is given twice", "--user", "phone=15550001111,dc=1,dc=2");
        assertUsage("--user: unknown key 'age'", "--user", "phone=15550001111,age=3");
        assertUsage("--user: expected key=value pairs", "--user", "phone=15550001111,,dc=1");
        assertUsage("--user hint= needs password= too", "--user", "phone=15550001111,hint=pet");
        assertUsage("--user code= is empty", "--user", "phone=15550001111,code=");
        assertUsage("--user phone=+1 555 000 1111 is given twice",
            "--user", "phone=15550001111", "--user", "phone=+1 555 000 1111");
        assertUsage("--bot needs token=", "--bot", "dc=1");
        assertUsage("--bot token: a bot token has the form <bot id>:<secret>", "--bot", "token=nocolon");
        assertUsage("--bot with id 7 is given twice", "--bot", "token=7:a", "--bot", "token=7:b");
    }

    @Test
    void theDcLimitIsCheckedAgainstTheFinalDcCount() throws UsageException {
        // flags are order-independent: --dcs after --user still counts
        assertThat(CliOptions.parse("--user", "phone=15550001111,dc=5", "--dcs", "5").users().get(0).dc())
            .isEqualTo(5);
    }

    @Test
    void messagesNeverQuotePasswordsOrTokens() {
        assertThatThrownBy(() -> CliOptions.parse("--bot", "token=12:SECRET-TOKEN,dc=x"))
            .isInstanceOf(UsageException.class).message().doesNotContain("SECRET");
        assertThatThrownBy(() -> CliOptions.parse("--bot", "token=abc:SECRET-TOKEN"))
            .isInstanceOf(UsageException.class).message().doesNotContain("SECRET");
        assertThatThrownBy(() -> CliOptions.parse("--user", "phone=15550001111,password=SECRET", "hint=SECRET"))
            .isInstanceOf(UsageException.class).message()
            .contains("unexpected argument 'hint=...'").doesNotContain("SECRET");
        assertThatThrownBy(() -> CliOptions.parse("--user", "phone=15550001111,pasword=SECRET"))
            .isInstanceOf(UsageException.class).message().doesNotContain("SECRET");
        assertThatThrownBy(() -> CliOptions.parse("--bot", "tokn=12:SECRET"))
            .isInstanceOf(UsageException.class).message().doesNotContain("SECRET");
    }

    @Test
    void messagesAreOneLine() {
        assertThatThrownBy(() -> CliOptions.parse("--dcs", "1\n2"))
            .isInstanceOf(UsageException.class).message().doesNotContain("\n");
    }

    private static void assertUsage(String message, String... args) {
        assertThatThrownBy(() -> CliOptions.parse(args)).as(String.join(" ", args))
            .isInstanceOf(UsageException.class).message().contains(message).doesNotContain("\n");
    }
}
