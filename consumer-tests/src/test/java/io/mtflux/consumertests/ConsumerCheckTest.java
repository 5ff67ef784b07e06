package io.mtflux.consumertests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumerCheckTest {

    private static final List<String> BUILD = List.of(
        "The following files have been resolved:",
        "   io.netty:netty-buffer:jar:4.2.18.Final:compile",
        "   io.netty:netty-handler:jar:4.2.18.Final:compile",
        "   io.projectreactor:reactor-core:jar:3.8.6:compile",
        "   org.bouncycastle:bcprov-jdk18on:jar:1.87:compile");

    private static final List<String> GROUPS = List.of("io.netty", "io.projectreactor", "org.bouncycastle");

    @Test
    void aConsumerThatResolvedWhatTheBuildResolvedPasses() {
        // the consumer's own libraries (not in the build) are not compared
        List<String> consumer = List.of(
            "   io.netty:netty-buffer:jar:4.2.18.Final:compile",
            "   io.projectreactor:reactor-core:jar:3.8.6:compile",
            "   org.bouncycastle:bcprov-jdk18on:jar:1.87:runtime",
            "   com.example:their-own:jar:7:compile");

        assertThat(ConsumerCheck.mismatches(ResolvedDependencies.parse(BUILD),
            ResolvedDependencies.parse(consumer), GROUPS)).isEmpty();
    }

    @Test
    void namesEveryArtifactAtAnotherVersion() {
        List<String> consumer = List.of(
            "   io.netty:netty-buffer:jar:4.2.18.Final:compile",
            "   io.netty:netty-handler:jar:4.2.15.Final:compile",
            "   io.projectreactor:reactor-core:jar:3.8.5:compile",
            "   org.bouncycastle:bcprov-jdk18on:jar:1.87:compile");

        assertThat(ConsumerCheck.mismatches(ResolvedDependencies.parse(BUILD),
            ResolvedDependencies.parse(consumer), GROUPS)).containsExactlyInAnyOrder(
                "io.netty:netty-handler:jar: the consumer resolved 4.2.15.Final, the build 4.2.18.Final",
                "io.projectreactor:reactor-core:jar: the consumer resolved 3.8.5, the build 3.8.6");
    }

    @Test
    void aPinnedFamilyNobodyResolvedIsAProblem() {
        List<String> consumer = List.of("   io.netty:netty-buffer:jar:4.2.18.Final:compile");

        assertThat(ConsumerCheck.mismatches(ResolvedDependencies.parse(BUILD),
            ResolvedDependencies.parse(consumer), List.of("io.netty", "org.bouncycastle", "io.micrometer")))
            .containsExactlyInAnyOrder(
                "the consumer resolved no org.bouncycastle artifact",
                "the consumer resolved no io.micrometer artifact",
                "the build resolved no io.micrometer artifact");
    }

    @Test
    void verifyReadsTheConsumersListAndLog(@TempDir Path dir) throws IOException {
        Path build = Files.write(dir.resolve("build-dependencies.txt"), resolvedOf(ConsumerCheck.PINNED_GROUPS, "1"));
        Path consumer = Files.createDirectories(dir.resolve("consumer"));
        Files.createDirectories(consumer.resolve("target"));
        Files.write(consumer.resolve("target/dependencies.txt"), resolvedOf(ConsumerCheck.PINNED_GROUPS, "1"));
        Files.writeString(consumer.resolve("build.log"), "[INFO] ...\n" + ConsumerCheck.DONE + "\n[INFO] ...\n",
            StandardCharsets.UTF_8);

        assertThatCode(() -> ConsumerCheck.verify(consumer, build)).doesNotThrowAnyException();

        Files.writeString(consumer.resolve("build.log"), "[INFO] BUILD SUCCESS\n", StandardCharsets.UTF_8);
        Files.write(consumer.resolve("target/dependencies.txt"), resolvedOf(ConsumerCheck.PINNED_GROUPS, "2"));
        assertThatThrownBy(() -> ConsumerCheck.verify(consumer, build))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("consumer does not get what our build uses")
            .hasMessageContaining("io.netty:a:jar: the consumer resolved 2, the build 1")
            .hasMessageContaining("did not print \"" + ConsumerCheck.DONE + "\"");
    }

    @Test
    void aFailedBuildIsReportedWithItsErrors(@TempDir Path dir) throws IOException {
        Path build = Files.write(dir.resolve("build-dependencies.txt"), resolvedOf(ConsumerCheck.PINNED_GROUPS, "1"));
        Path consumer = Files.createDirectories(dir.resolve("consumer"));
        String error = "[ERROR] Failed to execute goal on project consumer: Could not resolve dependencies";
        Files.writeString(consumer.resolve("build.log"), "[INFO] BUILD FAILURE\n" + error + "\n[ERROR] \n",
            StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ConsumerCheck.verify(consumer, build))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("its build failed before it listed what it resolved")
            .hasMessageContaining(error)
            .hasMessageNotContaining("[ERROR] \n");
    }

    /** One artifact {@code a} per group, all at {@code version}. */
    private static List<String> resolvedOf(List<String> groups, String version) {
        return groups.stream().map(group -> "   " + group + ":a:jar:" + version + ":compile").toList();
    }
}
