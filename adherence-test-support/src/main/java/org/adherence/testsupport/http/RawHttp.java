package org.adherence.testsupport.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * HTTP/1.1 by hand, for requests no client library sends: a request target with raw bytes or escapes a client would
 * normalise, a body shorter than its {@code Content-Length}, broken chunking, any method. One request per connection
 * ({@code Connection: close}); the connection is half-closed after the request, so a server waiting for more of a
 * body sees its end.
 */
public final class RawHttp {

    private final String host;

    private final int port;

    private final Duration timeout;

    public RawHttp(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    /** An answer: its status, headers (names in lower case, the first of each) and body (de-chunked). */
    public record Answer(int status, Map<String, String> headers, byte[] body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The media type without parameters, or empty. */
        public String mediaType() {
            String type = header("content-type");
            return type == null ? "" : type.split(";")[0].strip().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A request: {@code method target HTTP/1.1}, {@code Host}, the given header lines ({@code "Name: value"}),
     * {@code Content-Length} of the body unless a header sets it or {@code Transfer-Encoding}, then the body bytes.
     */
    public Answer send(String method, String target, Map<String, String> headers, byte[] body) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("Connection: close\r\n");
        boolean lengthGiven = false;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
            String name = header.getKey().toLowerCase(Locale.ROOT);
            lengthGiven |= name.equals("content-length") || name.equals("transfer-encoding");
        }
        if (!lengthGiven && body.length > 0) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        request.writeBytes(body);
        return exchange(request.toByteArray());
    }

    /**
     * Exactly these bytes, then the answer. The request is written on a thread of its own while the answer is read: a
     * server may answer a request it refuses (a body too large, a request line too long) and close the connection
     * before it has read all of it, as it is entitled to; its answer is still read.
     */
    public Answer exchange(byte[] request) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            AtomicReference<IOException> writeFailed = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    out.write(request);
                    out.flush();
                    socket.shutdownOutput();
                }
                catch (IOException e) {
                    writeFailed.set(e);
                }
            }, "raw-http-writer");
            writer.setDaemon(true);
            writer.start();
            byte[] answer;
            try {
                answer = readAll(socket.getInputStream());
            }
            catch (IOException e) {
                if (writeFailed.get() != null) {
                    e.addSuppressed(writeFailed.get());
                }
                throw e;
            }
            writer.join(timeout.toMillis());
            return parse(answer);
        }
        catch (IOException e) {
            throw new UncheckedIOException("No answer from " + host + ":" + port, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + host + ":" + port, e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        }
        catch (SocketTimeoutException | java.net.SocketException closed) {
            if (all.size() == 0) {
                throw closed;
            }
        }
        return all.toByteArray();
    }

    static Answer parse(byte[] response) {
        String all = new String(response, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        if (!all.startsWith("HTTP/1.1 ") || end < 0) {
            throw new IllegalStateException("Not an HTTP answer: " + all.substring(0, Math.min(all.length(), 200)));
        }
        String[] lines = all.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(response, end + 4, response.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Answer(status, headers, body);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, at);
            if (lineEnd < 0) {
                break;
            }
            String size = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].strip();
            int length = Integer.parseInt(size, 16);
            if (length == 0) {
                break;
            }
            body.write(chunked, lineEnd + 2, Math.min(length, chunked.length - lineEnd - 2));
            at = lineEnd + 2 + length + 2;
        }
        return body.toByteArray();
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
