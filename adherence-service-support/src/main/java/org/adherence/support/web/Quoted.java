package org.adherence.support.web;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * What an answer may quote of a request: a few dozen characters of any one value, never the whole of it (a
 * 64k-character id is not sent back, nor written into a log line).
 */
public final class Quoted {

    /** Characters of a value an answer quotes; longer values are cut, saying how long they were. */
    public static final int MAX_VALUE = 64;

    /** Characters of a request path an answer names as its {@code instance}. */
    public static final int MAX_PATH = 200;

    private Quoted() {
    }

    /** The value as text, cut to {@link #MAX_VALUE} characters (never inside a surrogate pair). */
    public static String value(Object value) {
        return cut(String.valueOf(value), MAX_VALUE);
    }

    /** Text cut to {@code max} characters, with how long it was. */
    public static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "...(" + text.length() + " characters)";
    }

    /**
     * The request path as a problem's {@code instance}: itself when short, else cut to {@link #MAX_PATH}
     * characters (never inside a %-escape); characters a URI may not carry are escaped.
     */
    public static URI instance(String requestUri) {
        if (requestUri == null) {
            return null;
        }
        String path = requestUri;
        if (path.length() > MAX_PATH) {
            path = path.substring(0, MAX_PATH);
            int escape = path.lastIndexOf('%');
            if (escape >= path.length() - 2) {
                path = path.substring(0, escape);
            }
            path += "...";
        }
        try {
            return URI.create(path);
        }
        catch (IllegalArgumentException notAUri) {
            try {
                return new URI(null, null, path, null);
            }
            catch (URISyntaxException stillNot) {
                return URI.create("");
            }
        }
    }
}
