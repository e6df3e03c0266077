package org.adherence.loadgen.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The driver finds where an answer ends, by its length or chunk by chunk, and waits while it is not whole. */
class ClosedLoopTest {

    @Test
    void anAnswerWithALengthEndsAfterItsBody() {
        byte[] answer = ascii("HTTP/1.1 202 \r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n"
                + "{\"eventId\":1}");
        assertThat(ClosedLoop.Answers.parse(answer, answer.length))
                .isEqualTo(new ClosedLoop.Answers.Answer(202, false, answer.length));
        assertThat(ClosedLoop.Answers.parse(answer, answer.length - 1)).isNull();
    }

    @Test
    void aChunkedAnswerEndsAfterItsLastChunk() {
        String head = "HTTP/1.1 202 \r\nTransfer-Encoding: chunked\r\n\r\n";
        byte[] answer = ascii(head + "d\r\n{\"eventId\":1}\r\n0\r\n\r\n");
        assertThat(ClosedLoop.Answers.parse(answer, answer.length))
                .isEqualTo(new ClosedLoop.Answers.Answer(202, false, answer.length));
        for (int cut = 0; cut < answer.length; cut++) {
            assertThat(ClosedLoop.Answers.parse(answer, cut)).as("cut at %d", cut).isNull();
        }
    }

    @Test
    void anAnswerThatClosesTheConnectionSaysSo() {
        byte[] answer = ascii("HTTP/1.1 503 \r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        assertThat(ClosedLoop.Answers.parse(answer, answer.length))
                .isEqualTo(new ClosedLoop.Answers.Answer(503, true, answer.length));
    }

    @Test
    void aRequestCarriesItsHeadersAndTheLengthOfItsBody() {
        byte[] request = ClosedLoop.request("POST", java.net.URI.create("http://localhost:8080"), "/api/v1/x",
                java.util.Map.of("Authorization", "Bearer t"), ascii("{}"));
        assertThat(new String(request, StandardCharsets.US_ASCII)).isEqualTo("POST /api/v1/x HTTP/1.1\r\n"
                + "Host: localhost:8080\r\nAuthorization: Bearer t\r\nContent-Length: 2\r\n\r\n{}");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
