package io.mtflux.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.store.DcEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The accounts CLI's flags: the command, the store, the instance, the lease ttl forms, the credentials. */
class AccountsCliOptionsTest {
    private static final String HASH = "0123456789abcdef0123456789abcdef";

    private static AccountsCliOptions parse(String... args) {
        return AccountsCliOptions.parse(args, Map.of());
    }

    private static void refused(String message, String... args) {
        assertThatThrownBy(() -> parse(args)).isInstanceOf(UsageException.class).hasMessageContaining(message);
    }

    @Test
    void everyFlag() {
        AccountsCliOptions o = parse("run", "--store", "redis://127.0.0.1:6379", "--instance", "worker-1",
            "--lease-ttl", "3s", "--api-id", "12345", "--api-hash", HASH, "--server", "127.0.0.1:40002", "--dc-id",
            "2", "--transport", "abridged", "--obfuscated");
        assertThat(o.store()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(o.instance()).isEqualTo("worker-1");
        assertThat(o.leaseTtl()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.hasApiCredentials()).isTrue();
        assertThat(o.apiId()).isEqualTo(12345);
        assertThat(o.apiHash()).isEqualTo(HASH);
        assertThat(o.connectionFlags()).containsOnlyKeys("--server", "--dc-id", "--transport", "--obfuscated");
        assertThat(o.connection().dcOptions().defaultDc()).isEqualTo(2);
        assertThat(o.toString()).contains("worker-1").doesNotContain(HASH);
    }

    @Test
    void defaults() {
        AccountsCliOptions o = parse("run", "--store", "/var/lib/sessions");
        assertThat(o.leaseTtl()).isEqualTo(AccountsCliOptions.DEFAULT_LEASE_TTL).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.hasApiCredentials()).isFalse();
        assertThat(o.apiHash()).isNull();
        // HOST-PID: unique per process on one host
        assertThat(o.instance()).endsWith("-" + ProcessHandle.current().pid()).hasSizeGreaterThan(2);
        assertThat(o.connectionFlags()).isEmpty();
    }

    @Test
    void credentialsFromTheEnvironmentWhenNoFlags() {
        AccountsCliOptions o = AccountsCliOptions.parse(new String[] {"run", "--store", "d"},
            Map.of("MTFLUX_API_ID", "7", "MTFLUX_API_HASH", HASH));
        assertThat(o.apiId()).isEqualTo(7);
        assertThat(AccountsCliOptions.parse(new String[] {"run", "--store", "d", "--api-id", "8", "--api-hash", "h"},
            Map.of("MTFLUX_API_ID", "7", "MTFLUX_API_HASH", HASH)).apiId()).isEqualTo(8);
        assertThatThrownBy(() -> AccountsCliOptions.parse(new String[] {"run", "--store", "d"},
            Map.of("MTFLUX_API_ID", "7"))).isInstanceOf(UsageException.class).hasMessageContaining("go together");
    }

    @Test
    void leaseTtlTakesIso8601AndSimpleForms() {
        assertThat(AccountsCliOptions.duration("--lease-ttl", "PT10S")).isEqualTo(Duration.ofSeconds(10));
        assertThat(AccountsCliOptions.duration("--lease-ttl", "pt0.5s")).isEqualTo(Duration.ofMillis(500));
        assertThat(AccountsCliOptions.duration("--lease-ttl", "PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThat(AccountsCliOptions.duration("--lease-ttl", "P1D")).isEqualTo(Duration.ofDays(1));
        assertThat(AccountsCliOptions.duration("--lease-ttl", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(AccountsCliOptions.duration("--lease-ttl", "10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(AccountsCliOptions.duration("--lease-ttl", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(AccountsCliOptions.duration("--lease-ttl", "1h")).isEqualTo(Duration.ofHours(1));
        for (String bad : new String[] {"10", "ten", "1.5s", "10 s", "-2s", "10S", "2d", "PT", "PTxS", ""}) {
            assertThatThrownBy(() -> AccountsCliOptions.duration("--lease-ttl", bad)).as(bad)
                .isInstanceOf(UsageException.class).hasMessageContaining("--lease-ttl must be");
        }
        assertThatThrownBy(() -> AccountsCliOptions.duration("--lease-ttl", "0s"))
            .hasMessageContaining("must be positive");
        assertThatThrownBy(() -> AccountsCliOptions.duration("--lease-ttl", "PT-3S"))
            .hasMessageContaining("must be positive");
        refused("at least 100ms", "run", "--store", "d", "--lease-ttl", "99ms");
        assertThat(parse("run", "--store", "d", "--lease-ttl", "100ms").leaseTtl()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void badCommandLines() {
        refused("no command");
        refused("unknown command 'serve'", "serve", "--store", "d");
        refused("the command comes first", "--store", "d", "run");
        refused("--store URL is required", "run");
        refused("--store URL is required", "run", "--instance", "a");
        refused("unknown flag --nope", "run", "--store", "d", "--nope");
        refused("unknown flag --session", "run", "--store", "d", "--session", "x");
        refused("--lease-ttl needs a value", "run", "--store", "d", "--lease-ttl");
        refused("--store needs a value", "run", "--store");
        refused("--api-id must be a number, got 'x'", "run", "--store", "d", "--api-id", "x", "--api-hash", "h");
        refused("--api-id must be a positive number", "run", "--store", "d", "--api-id", "0", "--api-hash", "h");
        refused("go together", "run", "--store", "d", "--api-hash", HASH);
        refused("--api-hash must be 1 to 255 printable ASCII", "run", "--store", "d", "--api-id", "1", "--api-hash",
            "with space");
        refused("--api-hash must be", "run", "--store", "d", "--api-id", "1", "--api-hash", "");
        refused("--instance must be", "run", "--store", "d", "--instance", " ");
        refused("--instance must be", "run", "--store", "d", "--instance", "a\nb");
        refused("--instance must be", "run", "--store", "d", "--instance", "x".repeat(201));
        assertThatThrownBy(() -> parse("run", "--store", "d", "--api-id", "1", "--api-hash", HASH, "--bogus"))
            .hasMessageNotContaining(HASH);
    }

    @Test
    void helpPrintsTheUsageOnStderrAndExits0AndBadFlagsExit2() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        InputStream none = InputStream.nullInputStream();
        assertThat(AccountsCli.run(new String[] {"--help"}, none, o, e, Map.of(), false)).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("usage: mtflux-accounts run --store URL");
        err.reset();
        assertThat(AccountsCli.run(new String[] {"run", "--store"}, none, o, e, Map.of(), false)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("mtflux-accounts: --store needs a value\n")
            .contains("usage: mtflux-accounts run");
        assertThat(out.size()).isZero();
    }

    @Test
    void connectionFlagsAreTheLoginClisOnes() {
        assertThatThrownBy(() -> parse("run", "--store", "d", "--transport", "pigeon").connection())
            .isInstanceOf(UsageException.class).hasMessage("--transport must be ws, wss or a TCP framing: expected"
                + " abridged, intermediate, padded or full, got 'pigeon'");
        assertThatThrownBy(() -> parse("run", "--store", "d", "--server", "h:65536").connection())
            .isInstanceOf(UsageException.class)
            .hasMessage("--server: expected a port from 1 to 65535 after the last ':', got 'h:65536'");
        assertThatThrownBy(() -> parse("run", "--store", "d", "--server", "h:1", "--dc-id", "0").connection())
            .isInstanceOf(UsageException.class).hasMessage("--dc-id: expected a positive DC id, got 0");
        assertThat(parse("run", "--store", "d", "--server", "[::1]:443", "--dc-id", "3").connection().dcOptions()
            .endpoint(3)).contains(new DcEndpoint(3, "::1", 443, false, true));
        assertThatThrownBy(() -> parse("run", "--store", "d", "--server", "nohost").connection())
            .isInstanceOf(UsageException.class).hasMessageContaining("--server: expected HOST:PORT");
        assertThatThrownBy(() -> parse("run", "--store", "d", "--server", "h:1", "--dc-id", "two").connection())
            .isInstanceOf(UsageException.class).hasMessageContaining("--dc-id must be a number");
        assertThatThrownBy(() -> parse("run", "--store", "d", "--testkit", "/nonexistent/t.jsonl").connection())
            .isInstanceOf(UsageException.class).hasMessageContaining("cannot read --testkit");
        assertThat(parse("run", "--store", "d", "--test-dcs").connection().dcOptions().endpoints()).isNotEmpty();
    }
}
