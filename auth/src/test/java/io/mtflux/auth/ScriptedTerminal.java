package io.mtflux.auth;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A terminal for the tests: its lines come from suppliers (asked when read, so a line can be the code the cluster
 * just sent), what the prompts print is kept, and it records which reads were secret. Null after the last line.
 */
final class ScriptedTerminal implements LoginTerminal {
    private final Queue<Supplier<String>> lines = new ConcurrentLinkedQueue<>();
    private final StringBuffer shown = new StringBuffer();
    final List<String> reads = new CopyOnWriteArrayList<>();

    ScriptedTerminal(List<Supplier<String>> lines) {
        this.lines.addAll(lines);
    }

    static ScriptedTerminal of(String... lines) {
        ScriptedTerminal terminal = new ScriptedTerminal(List.of());
        for (String line : lines) {
            terminal.lines.add(() -> line);
        }
        return terminal;
    }

    String shown() {
        return shown.toString();
    }

    @Override
    public void print(String text) {
        shown.append(text);
    }

    @Override
    public String readLine() {
        reads.add("line");
        return next();
    }

    @Override
    public String readSecret() {
        reads.add("secret");
        return next();
    }

    private String next() {
        Supplier<String> line = lines.poll();
        return line == null ? null : line.get();
    }
}
