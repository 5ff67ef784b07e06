package io.mtflux.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mtflux.testkit.TestCluster;
import io.mtflux.testkit.TestUser;
import io.mtflux.testkit.Testkit;
import io.mtflux.testkit.TestkitExtension;
import io.mtflux.testkit.api.Account;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * mtcute ({@code @mtcute/node} 0.30.3 from npm, layer 227) logs in to a testkit cluster and writes to Saved
 * Messages with its high-level {@code sendText('me', ...)}: {@code interop/mtcute-send.mjs} runs in Node, fed the
 * cluster line and the login codes the cluster sends, and prints one JSON result line that this test checks
 * against the account's Saved Messages in the cluster.
 */
class MtcuteInteropTest {
    private static final String PHONE = "+1 555 080 0001";
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(70);

    @RegisterExtension
    static final TestkitExtension TESTKIT = TestkitExtension.of(Testkit.cluster().dcs(2)
        .user(TestUser.of(PHONE).dc(2).name("Mt", "Cute")));

    @Test
    void sendTextToSelfReturnsTheMessageAndSavedMessagesHoldItOnce(TestCluster cluster) {
        NodeProject project = NodeProject.locate();
        project.ensureInstalled();
        String text = "saved by mtcute " + System.nanoTime();
        List<String> args = List.of("--phone", PHONE, "--text", text,
            "--timeout-ms", Long.toString(STEP_TIMEOUT.toMillis()));
        Path log = Path.of("target", "interop-logs", "mtcute-send.log");
        JsonNode result;
        int exit;
        String stderr;
        try (ClusterScript script = ClusterScript.start(project, cluster, "mtcute-send.mjs", args, log)) {
            result = script.nextLine(RUN_TIMEOUT);
            exit = script.waitFor(Duration.ofSeconds(10));
            stderr = script.stderrTail(40);
        }
        assertThat(result).as("the script's result line; stderr:\n%s", stderr).isNotNull();
        assertThat(result.path("ok").asBoolean()).as("%s; stderr:\n%s", result, stderr).isTrue();
        assertThat(exit).isZero();

        Account account = cluster.user(PHONE).orElseThrow();
        assertThat(result.path("user").path("id").asText()).isEqualTo(Long.toString(account.id()));
        JsonNode sent = result.path("sent");
        assertThat(sent.path("text").asText()).isEqualTo(text);
        assertThat(sent.path("id").asInt()).isPositive();
        assertThat(sent.path("chatId").asText()).isEqualTo(Long.toString(account.id()));
        assertThat(sent.path("outgoing").asBoolean()).isTrue();
        // the answer held all mtcute needs: no call to complete it (users.getUsers, messages.getMessages). After a
        // login mtcute's updates manager catches up in the background, updates.getState then updates.getDifference
        // (twice with pts 0): those may run meanwhile, but no getDifference without its getState (a gap recovery)
        List<String> requests = strings(result.path("requests"));
        assertThat(strings(result.path("sendRequests")))
            .filteredOn(r -> !r.equals("updates.getState") && !r.equals("updates.getDifference"))
            .containsExactly("messages.sendMessage");
        assertThat(requests).filteredOn("messages.sendMessage"::equals).hasSize(1);
        assertThat(requests.stream().filter("updates.getDifference"::equals).count())
            .isLessThanOrEqualTo(requests.stream().filter("updates.getState"::equals).count());
        assertThat(account.savedMessages()).filteredOn(m -> m.text().equals(text)).singleElement()
            .satisfies(m -> assertThat(m.id()).isEqualTo(sent.path("id").asInt()));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
