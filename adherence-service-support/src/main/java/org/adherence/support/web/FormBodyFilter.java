package org.adherence.support.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.MultiValueMap;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads a form's body ({@code POST}, {@code application/x-www-form-urlencoded}) itself, before anything asks for a
 * parameter: Tomcat, when it parses the parameters and the body ends before its {@code Content-Length} (or its
 * chunking), takes the client for gone and closes the connection without any answer; read here, the same body cut
 * short gets Tomcat's {@code 400}, answered as a problem detail like any other body cut short. A body larger than
 * {@code maxBytes} is a {@code 413}, unread. The parameters of the body then come with those of the query, as Tomcat
 * would have given them.
 */
public class FormBodyFilter extends OncePerRequestFilter {

    private final FormHttpMessageConverter forms = new FormHttpMessageConverter();

    private final long maxBytes;

    public FormBodyFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod()) || request.getContentType() == null) {
            return true;
        }
        try {
            return !MediaType.APPLICATION_FORM_URLENCODED.includes(MediaType.parseMediaType(request.getContentType()));
        }
        catch (IllegalArgumentException notAMediaType) {
            return true;
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (maxBytes >= 0 && request.getContentLengthLong() > maxBytes) {
            response.sendError(HttpStatus.CONTENT_TOO_LARGE.value());
            return;
        }
        MultiValueMap<String, String> body;
        try {
            body = forms.read(null, body(request));
        }
        catch (IOException | HttpMessageNotReadableException | IllegalArgumentException unreadable) {
            // a body cut short: Tomcat has set its 400 already; a body too large or not decodable: ours
            if (!response.isCommitted()) {
                response.sendError(unreadable instanceof TooLarge ? HttpStatus.CONTENT_TOO_LARGE.value()
                        : HttpStatus.BAD_REQUEST.value());
            }
            return;
        }
        chain.doFilter(new WithFormParameters(request, body), response);
    }

    /**
     * The body as it came, read no further than {@code maxBytes} (not Spring's {@code ServletServerHttpRequest}, which
     * gives a form's body from the container's parameters).
     */
    private HttpInputMessage body(HttpServletRequest request) throws IOException {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType(request.getContentType()));
        InputStream bounded = bounded(request.getInputStream());
        return new HttpInputMessage() {

            @Override
            public InputStream getBody() {
                return bounded;
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

    private InputStream bounded(InputStream in) {
        return new InputStream() {

            private long read;

            @Override
            public int read() throws IOException {
                int b = in.read();
                count(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = in.read(buffer, offset, length);
                count(Math.max(n, 0));
                return n;
            }

            private void count(int n) throws TooLarge {
                read += n;
                if (maxBytes >= 0 && read > maxBytes) {
                    throw new TooLarge();
                }
            }
        };
    }

    private static final class TooLarge extends IOException {

        TooLarge() {
            super("form body too large");
        }
    }

    /** The request with the form's parameters after the query's, as the container gives them. */
    private static final class WithFormParameters extends HttpServletRequestWrapper {

        private final Map<String, String[]> parameters;

        WithFormParameters(HttpServletRequest request, MultiValueMap<String, String> body) {
            super(request);
            Map<String, String[]> all = new LinkedHashMap<>(request.getParameterMap());
            body.forEach((name, values) -> {
                List<String> merged = new ArrayList<>();
                String[] query = all.get(name);
                if (query != null) {
                    merged.addAll(List.of(query));
                }
                merged.addAll(values);
                all.put(name, merged.toArray(String[]::new));
            });
            this.parameters = Collections.unmodifiableMap(all);
        }

        @Override
        public String getParameter(String name) {
            String[] values = parameters.get(name);
            return values == null || values.length == 0 ? null : values[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return parameters;
        }

        @Override
        public Enumeration<String> getParameterNames() {
            Set<String> names = new LinkedHashSet<>(parameters.keySet());
            return Collections.enumeration(names);
        }

        @Override
        public String[] getParameterValues(String name) {
            return parameters.get(name);
        }
    }
}
