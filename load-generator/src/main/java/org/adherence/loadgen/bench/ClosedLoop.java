package org.adherence.loadgen.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.adherence.loadgen.drive.LatencySummary;

/**
 * A closed-loop HTTP/1.1 load driver in the manner of wrk: a fixed number of keep-alive connections, each sending its
 * next request as soon as the answer to the last one is read, all on one thread with a selector. It writes prepared
 * bytes and reads answers with no HTTP library in between, so that it costs far less CPU than the server it drives (on
 * a two-core machine both share the cores: at most one core here); the same driver drives the bare endpoint and the
 * project, so the ratio between them is fair.
 */
public final class ClosedLoop {

    /** The next request's bytes for a connection, whole (request line, headers, body). */
    @FunctionalInterface
    public interface Requests {
        byte[] next(int connection, long sequence);
    }

    /**
     * What one run measured: answers by status, latency in milliseconds.
     *
     * @param items the events each request carries (1 for single-event requests), for events a second
     */
    public record Result(String name, int connections, int items, double seconds, Map<String, Long> statuses,
                         LatencySummary latency, Double serverCpuMicrosPerRequest) {

        /** With the CPU the server's process spent in the measured window, per request answered 2xx. */
        Result withServerCpu(double cpuMicros) {
            return new Result(name, connections, items, seconds, statuses, latency, ok() == 0 ? null
                    : cpuMicros / ok());
        }

        public long ok() {
            return statuses.entrySet().stream().filter(e -> e.getKey().startsWith("2")).mapToLong(Map.Entry::getValue)
                    .sum();
        }

        public double okPerSecond() {
            return ok() / seconds;
        }

        public double itemsPerSecond() {
            return okPerSecond() * items;
        }
    }

    private ClosedLoop() {
    }

    /** Drives {@code target} for {@code warmup} (not counted), then for {@code measure}. */
    public static Result run(String name, URI target, int connections, int items, Duration warmup, Duration measure,
                             Requests requests) throws IOException {
        return run(name, target, connections, items, warmup, measure, requests, null);
    }

    /** As above; with the CPU time {@code server} (the process serving {@code target}) spent in the measured window. */
    public static Result run(String name, URI target, int connections, int items, Duration warmup, Duration measure,
                             Requests requests, ProcessHandle server) throws IOException {
        long cpuAtStart = -1;
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        Histogram micros = new Histogram(TimeUnit.MINUTES.toMicros(2), 3);
        Map<String, Long> statuses = new TreeMap<>();
        InetSocketAddress address = new InetSocketAddress(target.getHost(), target.getPort());
        try (Selector selector = Selector.open()) {
            Connection[] all = new Connection[connections];
            for (int c = 0; c < connections; c++) {
                all[c] = new Connection(c, address, selector, requests);
            }
            for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                if (server != null && cpuAtStart < 0 && now >= measureFrom) {
                    cpuAtStart = cpuNanos(server);
                }
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - now)));
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection connection = (Connection) key.attachment();
                    try {
                        connection.ready(key, measureFrom, end, micros, statuses);
                    }
                    catch (IOException | RuntimeException e) {
                        long at = System.nanoTime();
                        if (at >= measureFrom && at < end) {
                            statuses.merge(e.getClass().getSimpleName(), 1L, Long::sum);
                        }
                        connection.reconnect(selector);
                    }
                }
                selector.selectedKeys().clear();
            }
            for (Connection connection : all) {
                connection.close();
            }
        }
        Result result = new Result(name, connections, items, measure.toNanos() / 1e9, statuses,
                LatencySummary.of(micros), null);
        return server == null || cpuAtStart < 0 ? result
                : result.withServerCpu((cpuNanos(server) - cpuAtStart) / 1000.0);
    }

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElseThrow(() ->
                new IllegalStateException("no CPU time of process " + process.pid()));
    }

    /** The process whose command line contains {@code marker}, if exactly one does. */
    public static ProcessHandle processNamed(String marker) {
        var found = ProcessHandle.allProcesses().filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().commandLine().map(line -> line.contains(marker)).orElse(false)).toList();
        return found.size() == 1 ? found.get(0) : null;
    }

    /** A request's bytes: the request line, the headers given, and the body with its length. */
    public static byte[] request(String method, URI target, String path, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(target.getHost()).append(':').append(target.getPort()).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] whole = new byte[start.length + body.length];
        System.arraycopy(start, 0, whole, 0, start.length);
        System.arraycopy(body, 0, whole, start.length, body.length);
        return whole;
    }

    /** One keep-alive connection: writes a request, reads its answer whole, writes the next. */
    private static final class Connection {

        private final int index;
        private final InetSocketAddress address;
        private final Requests requests;
        private SocketChannel channel;
        private ByteBuffer out;
        private ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        private long sequence;
        private long sentAt;

        Connection(int index, InetSocketAddress address, Selector selector, Requests requests) throws IOException {
            this.index = index;
            this.address = address;
            this.requests = requests;
            open(selector);
        }

        private void open(Selector selector) throws IOException {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            in.clear();
            if (channel.connect(address)) {
                channel.register(selector, SelectionKey.OP_WRITE, this);
                next();
            }
            else {
                channel.register(selector, SelectionKey.OP_CONNECT, this);
            }
        }

        void reconnect(Selector selector) {
            close();
            try {
                open(selector);
            }
            catch (IOException e) {
                throw new IllegalStateException("cannot connect to " + address, e);
            }
        }

        void close() {
            try {
                channel.close();
            }
            catch (IOException ignored) {
                // closing
            }
        }

        private void next() {
            out = ByteBuffer.wrap(requests.next(index, sequence++));
            sentAt = System.nanoTime();
        }

        void ready(SelectionKey key, long measureFrom, long end, Histogram micros, Map<String, Long> statuses)
                throws IOException {
            if (key.isConnectable()) {
                channel.finishConnect();
                key.interestOps(SelectionKey.OP_WRITE);
                next();
            }
            if (key.isWritable()) {
                channel.write(out);
                if (!out.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
                return;
            }
            if (!key.isReadable()) {
                return;
            }
            if (!in.hasRemaining()) {
                ByteBuffer larger = ByteBuffer.allocate(in.capacity() * 2);
                in.flip();
                in = larger.put(in);
            }
            if (channel.read(in) < 0) {
                throw new IOException("closed by the server");
            }
            Answers.Answer answer = Answers.parse(in.array(), in.position());
            if (answer == null) {
                return;
            }
            long done = System.nanoTime();
            if (sentAt >= measureFrom && done <= end) {
                micros.recordValue(Math.min(micros.getHighestTrackableValue(), (done - sentAt) / 1000));
                statuses.merge(String.valueOf(answer.status()), 1L, Long::sum);
            }
            in.clear();
            if (answer.close()) {
                reconnect(key.selector());
                return;
            }
            next();
            channel.write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    /** Finds whole answers in the bytes read so far. */
    static final class Answers {

        record Answer(int status, boolean close, int length) {
        }

        private Answers() {
        }

        /** The answer at the start of {@code bytes[0, limit)}, or null while it is not whole yet. */
        static Answer parse(byte[] bytes, int limit) {
            int headEnd = indexOf(bytes, 0, limit, "\r\n\r\n");
            if (headEnd < 0) {
                return null;
            }
            String head = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(head.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("content-length")) {
                    length = Long.parseLong(value);
                }
                else if (name.equalsIgnoreCase("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
                    chunked = true;
                }
                else if (name.equalsIgnoreCase("connection") && value.equalsIgnoreCase("close")) {
                    close = true;
                }
            }
            int at = headEnd + 4;
            if (chunked) {
                while (true) {
                    int lineEnd = indexOf(bytes, at, limit, "\r\n");
                    if (lineEnd < 0) {
                        return null;
                    }
                    String size = new String(bytes, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
                    int chunk = Integer.parseInt(size, 16);
                    at = lineEnd + 2 + chunk + 2;
                    if (at > limit) {
                        return null;
                    }
                    if (chunk == 0) {
                        return new Answer(status, close, at);
                    }
                }
            }
            long whole = at + Math.max(0, length);
            return whole <= limit ? new Answer(status, close, (int) whole) : null;
        }

        private static int indexOf(byte[] bytes, int from, int limit, String what) {
            byte[] pattern = what.getBytes(StandardCharsets.ISO_8859_1);
            outer:
            for (int i = from; i + pattern.length <= limit; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (bytes[i + j] != pattern[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
