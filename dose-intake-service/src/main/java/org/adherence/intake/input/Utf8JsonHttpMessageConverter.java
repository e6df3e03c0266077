package org.adherence.intake.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;

import tools.jackson.databind.json.JsonMapper;

/**
 * JSON request bodies as RFC 8259 has them: UTF-8, and well-formed. A body that declares another charset is not
 * read at all (so Spring answers {@code 415}); one that is not well-formed UTF-8 fails as it is read
 * ({@link NotUtf8Exception}), so that no replacement character or decoded overlong form reaches a record.
 */
class Utf8JsonHttpMessageConverter extends JacksonJsonHttpMessageConverter {

    Utf8JsonHttpMessageConverter(JsonMapper mapper) {
        super(mapper);
    }

    @Override
    public boolean canRead(ResolvableType type, @Nullable MediaType mediaType) {
        return isUtf8(mediaType) && super.canRead(type, mediaType);
    }

    @Override
    public Object read(ResolvableType type, HttpInputMessage input, @Nullable Map<String, Object> hints)
            throws IOException {
        return super.read(type, new Utf8Checked(input), hints);
    }

    private static boolean isUtf8(@Nullable MediaType mediaType) {
        if (mediaType == null || mediaType.getParameter("charset") == null) {
            return true;
        }
        try {
            Charset charset = mediaType.getCharset();
            return StandardCharsets.UTF_8.equals(charset);
        }
        catch (IllegalArgumentException unknownCharset) {
            return false;
        }
    }

    private record Utf8Checked(HttpInputMessage input) implements HttpInputMessage {

        @Override
        public InputStream getBody() throws IOException {
            return new Utf8CheckingInputStream(input.getBody());
        }

        @Override
        public HttpHeaders getHeaders() {
            return input.getHeaders();
        }
    }
}
