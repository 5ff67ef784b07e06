package io.mtflux.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Logs accounts in through the login CLI with {@code --json}: as a child process ({@code mtflux-login.jar}'s main
 * class), or in this JVM through the same entry point ({@link LoginCli#run}) when many JVM starts would take too
 * long on 2 cores.
 */
final class Logins {
    private static final Pattern OK = Pattern.compile("\\{\"ok\":true,\"user_id\":(\\d+),\"dc\":(\\d+),\"bot\":false}");

    private Logins() {
    }

    /**
     * One login CLI run in this JVM.
     *
     * @return the user id of its JSON line
     */
    static long inProcess(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = LoginCli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        String stdout = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as("login CLI %s: %s", args, err.toString(StandardCharsets.UTF_8)).isZero();
        return userId(stdout);
    }

    /**
     * One login CLI process.
     *
     * @return the user id of its JSON line
     */
    static long asProcess(Path dir, String name, List<String> args) throws Exception {
        CliProcess login = CliProcess.start(name, dir, LoginCli.class, args, line -> { });
        login.closeStdin();
        int exit = login.awaitExit(Duration.ofSeconds(120));
        assertThat(exit).as("login CLI %s: %s", name, login.stderr()).isZero();
        List<String> lines = new ArrayList<>();
        login.lines.forEach(l -> lines.add(l.raw()));
        return userId(String.join("\n", lines));
    }

    private static long userId(String stdout) {
        Matcher m = OK.matcher(stdout);
        assertThat(m.find()).as("the --json line in %s", stdout).isTrue();
        return Long.parseLong(m.group(1));
    }
}
