package org.adherence.intake.input;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Passes a body through unchanged and fails with {@link NotUtf8Exception} as soon as it is not well-formed UTF-8.
 * The JDK's decoder judges, in strict mode: it refuses what Jackson's own fast decoder lets through (overlong forms
 * such as {@code C0 AF} for {@code /}, code points above U+10FFFF), as well as stray and truncated sequences. Nothing
 * is buffered beyond the up to three bytes of a sequence that a read cut in two.
 */
final class Utf8CheckingInputStream extends FilterInputStream {

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private final CharBuffer discarded = CharBuffer.allocate(1024);

    /** The start of a sequence the last read ended inside of. */
    private ByteBuffer carried = ByteBuffer.allocate(0);

    /** Bytes checked before {@link #carried}. */
    private long checked;

    private boolean ended;

    Utf8CheckingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            check(buffer, offset, n);
        }
        else if (n < 0) {
            end();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // every byte is checked, also those a reader skips
        byte[] skipped = new byte[(int) Math.min(n, 8192)];
        int read = read(skipped, 0, skipped.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void check(byte[] buffer, int offset, int length) throws NotUtf8Exception {
        ByteBuffer bytes = ByteBuffer.allocate(carried.remaining() + length);
        bytes.put(carried).put(buffer, offset, length).flip();
        decode(bytes, false);
        checked += bytes.position();
        carried = bytes.slice();
    }

    private void end() throws NotUtf8Exception {
        if (ended) {
            return;
        }
        ended = true;
        decode(carried, true);
        discarded.clear();
        if (decoder.flush(discarded).isError() || carried.hasRemaining()) {
            throw new NotUtf8Exception(checked + carried.position());
        }
    }

    private void decode(ByteBuffer bytes, boolean endOfInput) throws NotUtf8Exception {
        while (true) {
            discarded.clear();
            CoderResult result = decoder.decode(bytes, discarded, endOfInput);
            if (result.isError()) {
                throw new NotUtf8Exception(checked + bytes.position());
            }
            if (!result.isOverflow()) {
                return;
            }
        }
    }
}
