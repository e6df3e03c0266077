package org.adherence.notification.inbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.codes.Severity;
import org.adherence.notification.deliverylog.ApiProblems.FieldProblem;
import org.adherence.notification.deliverylog.DeliveryLogView;

/**
 * Which alerts {@code GET /api/v1/alerts} lists: those of the caller's clinic, open ones (nobody has acknowledged
 * them) or all, of a severity, a rule, a patient, at most {@code limit} of them; CRITICAL first, then HIGH, WARNING,
 * INFO, within a severity the newest first ({@link #ORDER}).
 *
 * @param severity null: any
 * @param rule     null: any
 * @param patient  null: any
 */
record AlertFilter(boolean openOnly, Severity severity, RuleId rule, String patient, int limit) {

    static final int DEFAULT_LIMIT = 200;

    static final int MAX_LIMIT = 1000;

    /** A patient id as intake takes it. */
    private static final Pattern PATIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The most urgent first, within a severity the newest first; then by id, so that every instance cuts alike. */
    static final Comparator<DeliveryLogView> ORDER = Comparator
            .comparing((DeliveryLogView view) -> view.alert().severity(), Comparator.reverseOrder())
            .thenComparing(view -> view.alert().raisedAt(), Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
            .thenComparing(view -> view.alert().alertId());

    /** The filter of the query's parameters (each null when absent), or what is wrong with them. */
    static Parsed parse(String status, String severity, String rule, String patientId, String limit) {
        List<FieldProblem> errors = new ArrayList<>();
        boolean openOnly = true;
        if (status != null && !status.equals("open")) {
            if (status.equals("all")) {
                openOnly = false;
            }
            else {
                errors.add(new FieldProblem("status", "must be open (not acknowledged; the default) or all"));
            }
        }
        Severity wantedSeverity = null;
        if (severity != null) {
            wantedSeverity = valueOf(Severity.class, severity);
            if (wantedSeverity == null) {
                errors.add(new FieldProblem("severity", "must be one of " + names(Severity.values())));
            }
        }
        RuleId wantedRule = null;
        if (rule != null) {
            wantedRule = valueOf(RuleId.class, rule);
            if (wantedRule == null) {
                errors.add(new FieldProblem("rule", "must be one of " + names(RuleId.values())));
            }
        }
        if (patientId != null && !PATIENT_ID.matcher(patientId).matches()) {
            errors.add(new FieldProblem("patientId", "must be 1 to 64 characters of A-Z a-z 0-9 . _ -"));
        }
        int wantedLimit = DEFAULT_LIMIT;
        if (limit != null) {
            wantedLimit = limit.matches("[0-9]{1,4}") ? Integer.parseInt(limit) : -1;
            if (wantedLimit < 1 || wantedLimit > MAX_LIMIT) {
                errors.add(new FieldProblem("limit", "must be a whole number from 1 to " + MAX_LIMIT + " (default "
                        + DEFAULT_LIMIT + ")"));
            }
        }
        return errors.isEmpty()
                ? new Parsed(new AlertFilter(openOnly, wantedSeverity, wantedRule, patientId, wantedLimit), List.of())
                : new Parsed(null, errors);
    }

    /** A filter, or the fields that made none. */
    record Parsed(AlertFilter filter, List<FieldProblem> errors) {
    }

    /** Whether the list shows the view to a care team of this clinic. */
    boolean shows(DeliveryLogView view, String clinic) {
        return view.isOfClinic(clinic) && view.alert() != null
                && (!openOnly || view.acknowledged() == null)
                && (severity == null || severity == view.alert().severity())
                && (rule == null || rule == view.alert().rule())
                && (patient == null || patient.equals(view.alert().patientId()));
    }

    private static <E extends Enum<E>> E valueOf(Class<E> type, String name) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(name)) {
                return constant;
            }
        }
        return null;
    }

    private static String names(Enum<?>[] constants) {
        return Arrays.stream(constants).map(Enum::name).collect(Collectors.joining(", "));
    }
}
