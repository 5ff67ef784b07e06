package io.mtflux.auth;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The text terminal {@link LoginPrompts#terminal(LoginTerminal)} asks on: blocking reads and writes, which the
 * prompts run on {@code Schedulers.boundedElastic()}, never on an event loop.
 */
public interface LoginTerminal {

    /**
     * Writes {@code text} as it is (a question, a notice) and flushes it.
     *
     * @param text what to show
     */
    void print(String text);

    /**
     * @return the next line typed, without its line end; null at the end of the input
     * @throws IOException when the input cannot be read
     */
    String readLine() throws IOException;

    /**
     * @return the next line typed, not echoed where the terminal can hide it; null at the end of the input
     * @throws IOException when the input cannot be read
     */
    String readSecret() throws IOException;

    /**
     * The process's terminal: its {@link Console} when it has one (secrets not echoed), else lines from
     * {@code System.in} with the questions on {@code System.err} (stdout stays for the program's output).
     *
     * @return the terminal
     */
    static LoginTerminal system() {
        Console console = System.console();
        return console != null ? of(console) : of(System.in, System.err);
    }

    /**
     * @param console a console
     * @return a terminal that reads secrets with {@link Console#readPassword()}
     */
    static LoginTerminal of(Console console) {
        Objects.requireNonNull(console, "console");
        return new LoginTerminal() {
            @Override
            public void print(String text) {
                console.writer().print(text);
                console.flush();
            }

            @Override
            public String readLine() {
                return console.readLine();
            }

            @Override
            public String readSecret() {
                char[] chars = console.readPassword();
                if (chars == null) {
                    return null;
                }
                String secret = new String(chars);
                Arrays.fill(chars, ' ');
                return secret;
            }
        };
    }

    /**
     * Lines from a stream (UTF-8), questions to another; secrets are read like any line (a stream cannot hide
     * them).
     *
     * @param in where the answers come from (e.g. {@code System.in})
     * @param out where the questions go
     * @return the terminal
     */
    static LoginTerminal of(InputStream in, PrintStream out) {
        Objects.requireNonNull(out, "out");
        BufferedReader reader = new BufferedReader(new InputStreamReader(Objects.requireNonNull(in, "in"),
            StandardCharsets.UTF_8));
        return new LoginTerminal() {
            @Override
            public void print(String text) {
                out.print(text);
                out.flush();
            }

            @Override
            public String readLine() throws IOException {
                synchronized (reader) {
                    return reader.readLine();
                }
            }

            @Override
            public String readSecret() throws IOException {
                return readLine();
            }
        };
    }
}
