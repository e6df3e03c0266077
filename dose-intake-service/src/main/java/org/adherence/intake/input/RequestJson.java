package org.adherence.intake.input;

import java.util.stream.Stream;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * How intake reads a request body: exactly the types the contract gives, nothing coerced, nothing ignored. Only
 * for HTTP requests: the records on the topics are read with {@code ContractJson}, which stays lenient (a newer
 * producer may add fields, and a record already on a topic must stay readable).
 * <ul>
 * <li>no number as a date ({@code "birthDate": 123} was 1970-05-04) or as an enum constant by index
 * ({@code "conditions": [1]}), no fraction cut to an integer ({@code "timesPerDay": 2.9} was 2), no string as a number
 * ({@code "doseMg": "5"}), no number or boolean as text ({@code "note": 123}), no empty string as "absent";</li>
 * <li>no field the contract does not name (a misspelt optional field such as {@code "enddate"} would otherwise be
 * dropped silently, and the prescription read as open-ended), no field twice (which one won depended on the order);</li>
 * <li>nesting, names and numbers bounded while parsing: the deepest body of the contract nests four levels.</li>
 * </ul>
 */
public final class RequestJson {

    /** Levels of objects and arrays; the contract's bodies need four. */
    public static final int MAX_NESTING = 16;

    /** Characters of a field name; the contract's longest has 13. */
    public static final int MAX_NAME = 64;

    /** Characters of a number; a dose has at most five digits before the point and three after. */
    public static final int MAX_NUMBER = 64;

    private RequestJson() {
    }

    /** Boot's configuration of the mapper ({@code spring.jackson.*}, modules, the customizers), then the strictness. */
    public static JsonMapper mapper(Stream<JsonMapperBuilderCustomizer> customizers) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING)
                        .maxNameLength(MAX_NAME)
                        .maxNumberLength(MAX_NUMBER)
                        .build())
                .build();
        JsonMapper.Builder builder = JsonMapper.builder(factory);
        customizers.forEach(customizer -> customizer.customize(builder));
        return strict(builder).build();
    }

    static JsonMapper.Builder strict(JsonMapper.Builder builder) {
        return builder
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfigDefaults(all -> all
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setAcceptBlankAsEmpty(false))
                .addModule(new StrictValuesModule());
    }
}
