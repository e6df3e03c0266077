package org.adherence.intake.input;

import java.io.IOException;

/** A request body that is not well-formed UTF-8, from the byte where it stops being so. */
public class NotUtf8Exception extends IOException {

    private final long offset;

    NotUtf8Exception(long offset) {
        super("The body is not valid UTF-8 from byte " + offset + " on.");
        this.offset = offset;
    }

    /** The offset of the first byte that is not part of a well-formed UTF-8 sequence, from 0. */
    public long offset() {
        return offset;
    }
}
