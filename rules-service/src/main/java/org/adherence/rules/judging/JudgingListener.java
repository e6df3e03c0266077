package org.adherence.rules.judging;

/** What the judging tells the operators' meters and log about the state it keeps. */
public interface JudgingListener {

    /** Why state was dropped: its retention ran out, or a patient went over a bound. */
    enum Bound {
        RETENTION, COUNT, BYTES
    }

    /** What was dropped. */
    enum Kind {
        EVENT, FINDING
    }

    JudgingListener NONE = new JudgingListener() {
    };

    default void dropped(String patientId, Bound bound, Kind kind, int count) {
    }

    /** The first time a patient's state goes over a bound (once per patient). */
    default void overBound(String patientId, int events, int eventBytes) {
    }

    default void patientAdded() {
    }

    default void patientRemoved() {
    }
}
