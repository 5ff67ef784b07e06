package io.mtflux.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mtflux.core.client.ClientOptions;
import io.mtflux.core.store.InMemorySessionStore;
import io.mtflux.core.store.StringSessionStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The lease options: defaults, and clear errors for what cannot work. */
class AccountManagerOptionsLeaseTest {
    private static final ClientOptions TEMPLATE = ClientOptions.builder().apiId(1).apiHash("0123456789abcdef").build();

    @Test
    void renewAndRescanDefaultFromTheTtl() {
        AccountManagerOptions o = AccountManagerOptions.builder().clientTemplate(TEMPLATE)
            .sessionStore(new InMemorySessionStore()).instance("w1").leaseTtl(Duration.ofSeconds(30)).build();
        assertThat(o.leased()).isTrue();
        assertThat(o.instance()).isEqualTo("w1");
        assertThat(o.leaseRenewEvery()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.rescanEvery()).isEqualTo(Duration.ofMillis(7500));
        assertThat(o.toString()).contains("instance=w1", "leaseTtl=PT30S");
        AccountManagerOptions plain = AccountManagerOptions.builder().clientTemplate(TEMPLATE).build();
        assertThat(plain.leased()).isFalse();
        assertThat(plain.instance()).startsWith("mtflux-" + ProcessHandle.current().pid() + "-");
        assertThat(plain.leaseTtl()).isEmpty();
    }

    @Test
    void whatCannotWorkIsRefusedWhenBuilt() {
        assertThatThrownBy(() -> AccountManagerOptions.builder().clientTemplate(TEMPLATE)
            .sessionStore(new StringSessionStore()).leaseTtl(Duration.ofSeconds(5)).build())
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("SessionLeases");
        assertThatThrownBy(() -> AccountManagerOptions.builder().clientTemplate(TEMPLATE)
            .leaseTtl(Duration.ofSeconds(3)).leaseRenewEvery(Duration.ofSeconds(2)).build())
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("at most half");
        assertThatThrownBy(() -> AccountManagerOptions.builder().clientTemplate(TEMPLATE)
            .leaseRenewEvery(Duration.ofSeconds(2)).build())
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("without leaseTtl");
        assertThatThrownBy(() -> AccountManagerOptions.builder().instance(" "))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccountManagerOptions.builder().leaseTtl(Duration.ofMillis(50)))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
