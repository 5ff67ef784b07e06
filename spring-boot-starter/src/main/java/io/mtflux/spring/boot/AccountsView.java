package io.mtflux.spring.boot;

import io.mtflux.accounts.AccountManager;
import io.mtflux.accounts.AccountSnapshot;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/** The accounts by state, for the health indicator; loaded only when {@code mtflux-accounts} is present. */
final class AccountsView {
    private static final String MANAGER = "io.mtflux.accounts.AccountManager";

    private AccountsView() {
    }

    /** The counts of the application's one AccountManager; null without mtflux-accounts or such a bean. */
    static Supplier<Map<String, Object>> of(ListableBeanFactory beans) {
        if (!ClassUtils.isPresent(MANAGER, AccountsView.class.getClassLoader())) {
            return null;
        }
        return Counts.of(beans);
    }

    /** Separate so that {@link AccountManager} is only linked when present. */
    private static final class Counts {
        static Supplier<Map<String, Object>> of(ListableBeanFactory beans) {
            var provider = beans.getBeanProvider(AccountManager.class);
            return () -> {
                AccountManager manager = provider.getIfUnique();
                if (manager == null) {
                    return null;
                }
                Map<String, Long> byState = new TreeMap<>();
                long leased = 0;
                for (AccountSnapshot snapshot : manager.snapshot()) {
                    byState.merge(snapshot.state().name(), 1L, Long::sum);
                    leased += snapshot.leased() ? 1 : 0;
                }
                Map<String, Object> details = new TreeMap<>();
                details.put("byState", byState);
                details.put("total", byState.values().stream().mapToLong(Long::longValue).sum());
                details.put("leased", leased);
                details.put("instance", manager.options().instance());
                return details;
            };
        }
    }
}
