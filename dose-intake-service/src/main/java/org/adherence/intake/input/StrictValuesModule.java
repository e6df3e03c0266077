package org.adherence.intake.input;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * What Jackson has no switch for: dates and times only as ISO-8601 text (not as epoch numbers, digit strings or
 * {@code [1979, 3, 14]} arrays, which Jackson reads natively), and text only as well-formed Unicode (a {@code \ud800}
 * escape alone decodes to a string that has no UTF-8 form).
 */
final class StrictValuesModule extends SimpleModule {

    StrictValuesModule() {
        super("strict-request-values");
        addDeserializer(String.class, new WellFormedString());
        setDeserializerModifier(new ValueDeserializerModifier() {
            @Override
            public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config,
                                                           BeanDescription.Supplier description,
                                                           ValueDeserializer<?> deserializer) {
                Class<?> type = description.getBeanClass();
                return type == LocalDate.class || type == OffsetDateTime.class
                        ? new IsoTextOnly(deserializer) : deserializer;
            }
        });
    }

    private static final class WellFormedString extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String text = super.deserialize(parser, context);
            if (text != null && !StandardCharsets.UTF_8.newEncoder().canEncode(text)) {
                return (String) context.handleWeirdStringValue(String.class, text,
                        "it has a lone surrogate (\\ud800 to \\udfff without its pair)");
            }
            return text;
        }
    }

    private static final class IsoTextOnly extends DelegatingDeserializer {

        IsoTextOnly(ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new IsoTextOnly(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return context.handleUnexpectedToken(handledType(), parser);
            }
            String text = parser.getString();
            if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
                // Jackson would read it as an epoch timestamp
                return context.handleWeirdStringValue(handledType(), text, "a number is not a date or time");
            }
            return super.deserialize(parser, context);
        }
    }
}
