package org.adherence.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.adherence.loadgen.workload.EventMix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsTest {

    @Test
    void readsEveryOptionInBothSpellings(@TempDir Path dir) throws Exception {
        // given a secret file and the options a measured run uses
        Path secretFile = dir.resolve("secret");
        Files.writeString(secretFile, "a-load-test-secret-of-more-than-32-bytes\n");

        // when parsed
        Options options = Options.parse("--intake", "http://intake:8080/", "--patients=200", "--rate", "50",
                "--duration", "pt60s", "--batch-size", "5", "--secret-file", secretFile.toString(),
                "--services", "http://a:1,http://b:2", "--mix", "overdose=0.02,symptoms=0.1",
                "--report-json", "out.json", "--patient-prefix", "lg-x");

        // then
        assertThat(options.intake()).isEqualTo(URI.create("http://intake:8080"));
        assertThat(options.patients()).isEqualTo(200);
        assertThat(options.rate()).isEqualTo(50.0);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.batchSize()).isEqualTo(5);
        assertThat(options.secret()).isEqualTo("a-load-test-secret-of-more-than-32-bytes");
        assertThat(options.services()).containsExactly(URI.create("http://a:1"), URI.create("http://b:2"));
        assertThat(options.mix()).isEqualTo(new EventMix(0.02, 0.1));
        assertThat(options.reportJson()).contains(Path.of("out.json"));
        assertThat(options.patientPrefix()).isEqualTo("lg-x");
    }

    @Test
    void servicesNoneScrapesNothing() {
        assertThat(Options.parse("--secret", "x".repeat(32), "--services", "none").services()).isEqualTo(List.of());
    }

    @Test
    void refusesBadValuesWithTheOptionsName() {
        assertThatThrownBy(() -> Options.parse("--secret", "x".repeat(32), "--rate", "-1"))
                .hasMessage("--rate: must be a positive number");
        assertThatThrownBy(() -> Options.parse("--secret", "x".repeat(32), "--duration", "60"))
                .hasMessageStartingWith("--duration: not an ISO-8601 duration '60'");
        assertThatThrownBy(() -> Options.parse("--secret", "x".repeat(32), "--batch-size", "1001"))
                .hasMessage("--batch-size: intake takes at most 1000 items a batch");
        assertThatThrownBy(() -> Options.parse("--secret", "s", "--secret-file", "f"))
                .hasMessage("give --secret or --secret-file, not both");
        assertThatThrownBy(() -> Options.parse("--bogus", "1")).hasMessage("unknown option --bogus");
    }

    @Test
    void refusesBaseUrlsWithAPathAQueryOrAnotherScheme() {
        assertThatThrownBy(() -> Options.parse("--secret", "x".repeat(32), "--intake", "http://intake:8080/api"))
                .hasMessageStartingWith("--intake: give the base URL without a path, query or fragment,"
                        + " e.g. http://intake:8080");
        assertThatThrownBy(() -> Options.parse("--secret", "x".repeat(32), "--services",
                "http://a:1,http://b:2/actuator/prometheus"))
                .hasMessageStartingWith("--services: give the base URL without a path");
        assertThatThrownBy(() -> Options.parse("--secret", "x".repeat(32), "--intake", "http://intake:8080?x=1"))
                .hasMessageStartingWith("--intake: give the base URL without a path");
        assertThatThrownBy(() -> Options.parse("--secret", "x".repeat(32), "--intake", "ftp://intake"))
                .hasMessage("--intake: not an http(s) URL 'ftp://intake'");
        assertThat(Options.parse("--secret", "x".repeat(32), "--intake", "https://intake:8443/").intake())
                .isEqualTo(URI.create("https://intake:8443"));
    }

    @Test
    void quietDefaultsToThirtySecondsAndDrainStaysTheUpperLimit() {
        Options defaults = Options.parse("--secret", "x".repeat(32));
        assertThat(defaults.quiet()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.drain()).isEqualTo(Duration.ofSeconds(120));
        assertThat(Options.parse("--secret", "x".repeat(32), "--quiet", "PT5S").quiet())
                .isEqualTo(Duration.ofSeconds(5));
    }
}
