package org.adherence.intake.problem;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.adherence.intake.config.IntakeProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses bodies above {@code adherence.intake.max-body-size} with 413: at once when the declared length is too
 * large, and while reading when a chunked body turns out to be.
 */
@Component
// inside the counting of refusals (HIGHEST_PRECEDENCE), Boot's HTTP observation (+1) and the in-flight limit (+2): a
// 413 is counted, timed in http.server.requests and traced like every other answer
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;

    private final ProblemWriter writer;

    BodySizeLimitFilter(IntakeProperties properties, ProblemWriter writer) {
        this.maxBytes = properties.maxBodySize().toBytes();
        this.writer = writer;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, describe());
            problem.setTitle("Request body too large");
            writer.write(request, response, problem);
            return;
        }
        chain.doFilter(new LimitedRequest(request), response);
    }

    private String describe() {
        return "The request body is larger than " + maxBytes + " bytes; split it into smaller batches.";
    }

    private final class LimitedRequest extends HttpServletRequestWrapper {

        private ServletInputStream limited;

        LimitedRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (limited == null) {
                limited = new LimitedInputStream(super.getInputStream());
            }
            return limited;
        }
    }

    private final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream in;

        private long read;

        LimitedInputStream(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > maxBytes) {
                throw new PayloadTooLargeException(describe());
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
