package io.mtflux.web;

import io.mtflux.accounts.AccountSnapshot;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The accounts page {@code /} (it refreshes itself every 2 s) and {@code GET /api/accounts}: every account's
 * snapshot as JSON.
 */
final class AccountsPart implements ConsolePart {
    /** The snapshot fields of the contract, in order; those the snapshot record does not have are left out. */
    static final List<String> FIELDS = List.of("accountId", "state", "since", "userId", "homeDc", "lastError",
        "floodWaitUntil", "pendingStep");
    private static final List<RecordComponent> COMPONENTS = components();

    @Override
    public void register(HttpServerRoutes routes, ConsoleContext context) {
        Guard.Handler page = context.guard().page((request, response) ->
            Pages.render(context, request, response, "accounts", "Accounts", Map.of()));
        routes.get(context.path("/"), page);
        if (!context.options().basePath().isEmpty()) {
            routes.get(context.options().basePath(), page);
        }
        routes.get(context.path("/api/accounts"), context.guard().read((request, response) ->
            Mono.fromSupplier(() -> context.accounts().snapshot().stream()
                    .sorted(Comparator.comparing(AccountSnapshot::accountId))
                    .map(AccountsPart::json).toList())
                .flatMap(list -> Http.json(response, HttpResponseStatus.OK, list))));
    }

    /**
     * A snapshot as the API writes it: the contract's fields the record has (absent ones, such as a field a
     * newer accounts module adds, are left out), nulls kept; an unknown home DC (0) is null.
     *
     * @param s the snapshot
     * @return the JSON-ready map
     */
    static Map<String, Object> json(AccountSnapshot s) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent c : COMPONENTS) {
            try {
                Object v = c.getAccessor().invoke(s);
                if ("homeDc".equals(c.getName()) && v instanceof Integer dc && dc == 0) {
                    v = null;
                }
                out.put(c.getName(), v instanceof Enum<?> e ? e.name() : v instanceof java.util.Optional<?> o
                    ? o.orElse(null) : v);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of a snapshot", e);
            }
        }
        return out;
    }

    private static List<RecordComponent> components() {
        Set<String> wanted = Set.copyOf(FIELDS);
        List<RecordComponent> out = new ArrayList<>();
        for (String name : FIELDS) {
            for (RecordComponent c : AccountSnapshot.class.getRecordComponents()) {
                if (c.getName().equals(name) && wanted.contains(name)) {
                    out.add(c);
                }
            }
        }
        return List.copyOf(out);
    }
}
