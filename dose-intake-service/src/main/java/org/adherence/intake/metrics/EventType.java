package org.adherence.intake.metrics;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.adherence.contracts.Topic;
import org.adherence.contracts.Topics;

/**
 * The {@code type} tag of intake's metrics: what an accepted event is ({@code dose}, {@code symptoms},
 * {@code profile}), or what a request was posting ({@code batch} too), read from its path ({@code other} for an API
 * path that is none of the event endpoints; paths outside {@code /api/} are not counted at all).
 */
public enum EventType {

    DOSE, SYMPTOMS, PROFILE, BATCH, OTHER;

    private static final Pattern API_PATH = Pattern.compile("/api/v1/patients/[^/]+(/doses|/symptoms|/events:batch)?");

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type of the events a topic holds; intake writes only these three. */
    public static EventType of(Topic<?> topic) {
        if (topic.equals(Topics.DOSE_EVENTS)) {
            return DOSE;
        }
        if (topic.equals(Topics.SYMPTOM_EVENTS)) {
            return SYMPTOMS;
        }
        if (topic.equals(Topics.PATIENT_PROFILES)) {
            return PROFILE;
        }
        throw new IllegalArgumentException("Intake does not write " + topic.name());
    }

    /** What a request was posting, from its path below the context path. */
    static EventType ofPath(String path) {
        Matcher api = API_PATH.matcher(path);
        if (!api.matches()) {
            return OTHER;
        }
        String suffix = api.group(1);
        if (suffix == null) {
            return PROFILE;
        }
        return switch (suffix) {
            case "/doses" -> DOSE;
            case "/symptoms" -> SYMPTOMS;
            default -> BATCH;
        };
    }
}
