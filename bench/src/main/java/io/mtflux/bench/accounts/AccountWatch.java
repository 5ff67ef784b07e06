package io.mtflux.bench.accounts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Follows the stdout lines of the accounts CLI instances of one run as they are read: the state of every account on
 * every instance, and the checks of the CLI's contract (samples/README.md) and of the lease hand-over. A broken
 * check is kept as the first violation and turned into a {@link HarnessFailure} by {@link #check()}, which the run
 * calls while it waits.
 *
 * <p>The hand-over rule, from the lines alone: when an account is reported {@code AUTHORIZED} by another instance
 * than the one that last reported it so, the new line carries a strictly greater fence, and the previous holder
 * said {@code STOPPED} or {@code LEASE_LOST} for it first or was killed. So no two live instances are ever
 * authorized for one account.
 */
final class AccountWatch {
    /** Entered states, as the lines spell them. */
    static final String AUTHORIZED = "AUTHORIZED";
    static final String CONNECTING = "CONNECTING";
    static final String STOPPED = "STOPPED";
    static final String LEASE_LOST = "LEASE_LOST";

    /** One account line. */
    record Event(String instance, String account, String state, long nanos) {
    }

    /** Which instance last reported an account authorized, under which fence. */
    private record Holder(String instance, long fence) {
    }

    private final Map<String, Long> users;
    private final Map<String, Integer> homeDcs;
    /** account to instance to the state its last line entered */
    private final Map<String, Map<String, String>> states = new HashMap<>();
    private final Map<String, Holder> lastAuthorized = new HashMap<>();
    /** instance + " " + account: the instance said STOPPED or LEASE_LOST since its last AUTHORIZED of it. */
    private final Set<String> ended = new HashSet<>();
    private final Set<String> dead = new HashSet<>();
    private final Set<String> ready = new HashSet<>();
    private final List<Event> events = new ArrayList<>();
    private String violation;

    /**
     * @param users the user id of each account, from its login
     * @param homeDcs the home DC of each account
     */
    AccountWatch(Map<String, Long> users, Map<String, Integer> homeDcs) {
        this.users = Map.copyOf(users);
        this.homeDcs = Map.copyOf(homeDcs);
    }

    /** Takes one line of an instance (the reader threads of all instances call it). */
    synchronized void on(ChildProcess.Line line) {
        try {
            take(line);
        } catch (IllegalArgumentException | ClassCastException e) {
            violate(line.process() + " printed a line outside the contract (" + e.getMessage() + "): " + line.text());
        }
    }

    private void take(ChildProcess.Line line) {
        String instance = line.process();
        for (int i = 0; i < line.text().length(); i++) {
            char c = line.text().charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("a character outside printable ASCII");
            }
        }
        Map<String, Object> fields = FlatJson.parse(line.text());
        String event = (String) fields.get("event");
        if (!ready.contains(instance)) {
            if (!"ready".equals(event) || !instance.equals(fields.get("instance"))) {
                throw new IllegalArgumentException("the first line is not the ready line of " + instance);
            }
            ready.add(instance);
            return;
        }
        if (!"account".equals(event)) {
            throw new IllegalArgumentException("an event other than account after the ready line");
        }
        if (!instance.equals(fields.get("instance"))) {
            throw new IllegalArgumentException("another instance's name");
        }
        String account = (String) fields.get("account");
        String state = (String) fields.get("state");
        if (account == null || state == null) {
            throw new IllegalArgumentException("no account or no state");
        }
        if (!users.containsKey(account)) {
            throw new IllegalArgumentException("an account the harness did not log in");
        }
        events.add(new Event(instance, account, state, line.nanos()));
        states.computeIfAbsent(account, k -> new HashMap<>()).put(instance, state);
        if (state.equals(STOPPED) || state.equals(LEASE_LOST)) {
            ended.add(instance + " " + account);
        } else if (state.equals(AUTHORIZED)) {
            authorized(instance, account, fields);
        }
    }

    private void authorized(String instance, String account, Map<String, Object> fields) {
        Long fence = (Long) fields.get("fence");
        Long user = (Long) fields.get("user_id");
        Long dc = (Long) fields.get("dc");
        if (fence == null || fence <= 0) {
            throw new IllegalArgumentException("AUTHORIZED without a positive fence");
        }
        if (user == null || user.longValue() != users.get(account)) {
            violate(account + ": AUTHORIZED on " + instance + " as user " + user + ", logged in as "
                + users.get(account));
        }
        if (dc == null || dc.intValue() != homeDcs.get(account)) {
            violate(account + ": AUTHORIZED on " + instance + " with home DC " + dc + ", its home DC is "
                + homeDcs.get(account));
        }
        Holder before = lastAuthorized.get(account);
        boolean same = before != null && before.instance().equals(instance) && before.fence() == fence;
        if (before != null && !same) {
            if (fence <= before.fence()) {
                violate(account + ": AUTHORIZED on " + instance + " with fence " + fence + ", not above fence "
                    + before.fence() + " of its earlier AUTHORIZED on " + before.instance());
            }
            if (!before.instance().equals(instance) && !ended.contains(before.instance() + " " + account)
                && !dead.contains(before.instance())) {
                violate(account + ": AUTHORIZED on " + instance + " (fence " + fence + ") while " + before.instance()
                    + " (fence " + before.fence() + ") still ran it: it neither stopped it nor died");
            }
        }
        lastAuthorized.put(account, new Holder(instance, fence));
        ended.remove(instance + " " + account);
    }

    private void violate(String what) {
        if (violation == null) {
            violation = what;
        }
    }

    /** Marks {@code instance} as killed, before the signal: its accounts may be taken without its STOPPED lines. */
    synchronized void killed(String instance) {
        dead.add(instance);
    }

    /**
     * Fails on the first violation seen so far.
     *
     * @throws HarnessFailure naming it
     */
    synchronized void check() {
        if (violation != null) {
            throw new HarnessFailure(violation);
        }
    }

    /** Whether {@code instance} has printed its ready line. */
    synchronized boolean isReady(String instance) {
        return ready.contains(instance);
    }

    /** Account to the live instances whose last line about it says AUTHORIZED (sorted by account). */
    synchronized Map<String, List<String>> holders() {
        Map<String, List<String>> on = new TreeMap<>();
        states.forEach((account, byInstance) -> byInstance.forEach((instance, state) -> {
            if (state.equals(AUTHORIZED) && !dead.contains(instance)) {
                on.computeIfAbsent(account, k -> new ArrayList<>()).add(instance);
            }
        }));
        return on;
    }

    /**
     * When {@code instance} first reported {@code account} in {@code state} at or after {@code since}
     * ({@link System#nanoTime()}), or -1.
     */
    synchronized long first(String account, String instance, String state, long since) {
        long first = -1;
        for (Event e : events) {
            if (e.nanos() >= since && e.account().equals(account) && e.instance().equals(instance)
                && e.state().equals(state) && (first < 0 || e.nanos() < first)) {
                first = e.nanos();
            }
        }
        return first;
    }

    /** The events {@code instance} printed at or after {@code since}. */
    synchronized List<Event> since(String instance, long since) {
        return events.stream().filter(e -> e.instance().equals(instance) && e.nanos() >= since).toList();
    }
}
