package org.adherence.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.adherence.testsupport.http.RawHttp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A form cut short (a body shorter than its {@code Content-Length}) gets a {@code 400} problem detail, where Tomcat
 * alone closes the connection without a word; a form's parameters still come with the query's; a form larger than
 * Tomcat takes is a {@code 413}. On a real Tomcat, through raw HTTP.
 */
@SpringBootTest(classes = FormBodyFilterTest.FormApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "server.tomcat.max-http-form-post-size=1KB")
class FormBodyFilterTest {

    @Value("${local.server.port}")
    int port;

    @Test
    void answersAFormCutShortWithAProblemDetailInsteadOfClosingTheConnection() {
        RawHttp.Answer answer = post("/form", Map.of("Content-Length", "400"), "token=abc");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.mediaType()).isEqualTo(ContainerProblems.MEDIA_TYPE);
        assertThat(answer.text()).contains("\"status\":400");
    }

    @Test
    void givesTheFormsParametersAfterTheQuerys() {
        RawHttp.Answer answer = post("/form?token=first&q=1", Map.of(), "token=second&token=third");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text()).isEqualTo("[first, second, third] 1");
    }

    @Test
    void refusesAFormLargerThanTomcatTakesWith413() {
        RawHttp.Answer declared = post("/form", Map.of(), "token=" + "a".repeat(2048));
        RawHttp.Answer chunked = post("/form", Map.of("Transfer-Encoding", "chunked"),
                "800\r\n" + "a".repeat(2048) + "\r\n0\r\n\r\n");

        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.mediaType()).isEqualTo(ContainerProblems.MEDIA_TYPE);
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.mediaType()).isEqualTo(ContainerProblems.MEDIA_TYPE);
    }

    private RawHttp.Answer post(String target, Map<String, String> headers, String body) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE);
        return new RawHttp("localhost", port, Duration.ofSeconds(30)).send("POST", target, all,
                body.getBytes(StandardCharsets.UTF_8));
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @RestController
    static class FormApplication {

        @PostMapping(path = "/form", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
        String form(@RequestParam("token") java.util.List<String> tokens,
                    @RequestParam(name = "q", required = false) String q) {
            return tokens + " " + q;
        }
    }
}
