package io.mtflux.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console CLI's flags: every flag, the defaults, the environment, each refusal, no secret in toString. */
class ConsoleCliOptionsTest {
    private static final String HASH = "0123456789abcdef0123456789abcdef";
    private static final String TOKEN = "a-fixed_console-token-0123";

    private static ConsoleCliOptions parse(String... args) {
        return ConsoleCliOptions.parse(args, Map.of());
    }

    private static void refused(String message, String... args) {
        assertThatThrownBy(() -> parse(args)).isInstanceOf(UsageException.class).hasMessageContaining(message);
    }

    @Test
    void everyFlag() {
        ConsoleCliOptions o = parse("--server", "127.0.0.1:40002", "--dc-id", "2", "--api-id", "12345", "--api-hash",
            HASH, "--store", "redis://:pw@127.0.0.1:6379", "--port", "8080", "--host", "0.0.0.0", "--token", TOKEN,
            "--transport", "abridged");
        assertThat(o.credentials().apiId()).isEqualTo(12345);
        assertThat(o.credentials().apiHash()).isEqualTo(HASH);
        assertThat(o.store()).isEqualTo("redis://:pw@127.0.0.1:6379");
        assertThat(o.port()).isEqualTo(8080);
        assertThat(o.host()).isEqualTo("0.0.0.0");
        assertThat(o.token()).isEqualTo(TOKEN);
        assertThat(o.connection().dcOptions().defaultDc()).isEqualTo(2);
        assertThat(o.toString()).contains("8080").contains("redis://127.0.0.1:6379").doesNotContain(HASH)
            .doesNotContain(TOKEN).doesNotContain("pw");
    }

    @Test
    void defaults() {
        ConsoleCliOptions o = parse("--api-id", "1", "--api-hash", HASH);
        assertThat(o.store()).isNull();
        assertThat(o.host()).isEqualTo("127.0.0.1");
        assertThat(o.port()).isZero();
        assertThat(o.token()).isNull();
        assertThat(o.toString()).contains("store=memory").contains("token=random");
    }

    @Test
    void theEnvironmentStandsInForCredentialsAndToken() {
        ConsoleCliOptions o = ConsoleCliOptions.parse(new String[0], Map.of("MTFLUX_API_ID", "7",
            "MTFLUX_API_HASH", HASH, "MTFLUX_CONSOLE_TOKEN", TOKEN));
        assertThat(o.credentials().apiId()).isEqualTo(7);
        assertThat(o.token()).isEqualTo(TOKEN);
        // a flag wins
        assertThat(ConsoleCliOptions.parse(new String[] {"--token", "another-console-token-99"},
            Map.of("MTFLUX_API_ID", "7", "MTFLUX_API_HASH", HASH, "MTFLUX_CONSOLE_TOKEN", TOKEN)).token())
            .isEqualTo("another-console-token-99");
    }

    @Test
    void refusals() {
        refused("--api-id and --api-hash (or MTFLUX_API_ID and MTFLUX_API_HASH) are required");
        refused("--api-id and --api-hash go together", "--api-id", "1");
        refused("--api-id must be a number", "--api-id", "x", "--api-hash", HASH);
        refused("--api-id must be a positive number", "--api-id", "0", "--api-hash", HASH);
        refused("--api-hash must be 1 to", "--api-id", "1", "--api-hash", "has space");
        refused("unknown flag --bogus", "--api-id", "1", "--api-hash", HASH, "--bogus");
        refused("--port needs a value", "--api-id", "1", "--api-hash", HASH, "--port");
        refused("--port must be a number", "--api-id", "1", "--api-hash", HASH, "--port", "http");
        refused("--port must be 0..65535", "--api-id", "1", "--api-hash", HASH, "--port", "70000");
        refused("--host must be an address", "--api-id", "1", "--api-hash", HASH, "--host", " ");
        refused("--store must not be blank", "--api-id", "1", "--api-hash", HASH, "--store", "");
        refused("--token needs at least 16 characters", "--api-id", "1", "--api-hash", HASH, "--token", "short");
        refused("--token needs at least 16 characters", "--api-id", "1", "--api-hash", HASH, "--token",
            "sixteen+chars+but+a+plus");
        // the refused token is not echoed
        assertThatThrownBy(() -> parse("--api-id", "1", "--api-hash", HASH, "--token", "secret-but/bad-shape"))
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-but"));
        // the connection flags are checked when read, as the accounts CLI's
        assertThatThrownBy(() -> parse("--api-id", "1", "--api-hash", HASH, "--server", "nohost").connection())
            .isInstanceOf(UsageException.class).hasMessageContaining("--server: expected HOST:PORT");
    }
}
