package org.adherence.loadgen.workload;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;

import org.adherence.contracts.codes.Symptom;
import org.adherence.contracts.json.ContractJson;

/**
 * Plans the next request: patients take turns (the {@code k}-th request of the workload, warm-up included, is patient
 * {@code k mod N}'s, so a warm-up does not give its patients a second turn before the others had one),
 * each event's kind is drawn from the mix, and its time ({@code takenAt}, {@code observedAt}) is the moment it is
 * due, in the patient's zone (so "now" as the app would say it, with its offset). Only the kinds follow the
 * seed; event ids are always fresh. One event per request goes to {@code /doses} or {@code /symptoms}; more go to
 * {@code /events:batch}.
 */
public final class Workload {

    static final BigDecimal ADHERENT_MG = BigDecimal.TEN;
    static final BigDecimal OVERDOSE_MG = BigDecimal.valueOf(25);
    /** Side effects and MS symptoms without an immediate finding: never an overdose or withdrawal sign here. */
    private static final List<Symptom> MILD_SYMPTOMS = List.of(Symptom.DROWSINESS, Symptom.FATIGUE, Symptom.HEADACHE,
            Symptom.NAUSEA, Symptom.DIZZINESS, Symptom.BALANCE_PROBLEMS);

    private final SyntheticPatients patients;
    private final EventMix mix;
    private final RandomGenerator random;
    private long planned;

    public Workload(SyntheticPatients patients, EventMix mix, RandomGenerator random) {
        this.patients = patients;
        this.mix = mix;
        this.random = random;
    }

    /** Called by one thread only, in the order the requests are sent. */
    public PlannedRequest next(int eventCount, Instant due) {
        int patient = (int) (planned++ % patients.count());
        OffsetDateTime at = due.truncatedTo(ChronoUnit.MILLIS).atZone(patients.zone(patient)).toOffsetDateTime();
        List<RequestBodies.Dose> doses = new ArrayList<>();
        List<RequestBodies.SymptomReport> reports = new ArrayList<>();
        Map<EventKind, Integer> kinds = new EnumMap<>(EventKind.class);
        for (int i = 0; i < eventCount; i++) {
            EventKind kind = mix.draw(random);
            kinds.merge(kind, 1, Integer::sum);
            switch (kind) {
                case ADHERENT_DOSE -> doses.add(dose(ADHERENT_MG, at));
                case OVERDOSE -> doses.add(dose(OVERDOSE_MG, at));
                case SYMPTOMS -> reports.add(new RequestBodies.SymptomReport(randomUuid(),
                        List.of(MILD_SYMPTOMS.get(random.nextInt(MILD_SYMPTOMS.size()))), at));
            }
        }
        String base = "/api/v1/patients/" + patients.id(patient);
        Object body;
        String path;
        if (eventCount > 1) {
            path = base + "/events:batch";
            body = new RequestBodies.Batch(doses, reports);
        }
        else if (doses.isEmpty()) {
            path = base + "/symptoms";
            body = reports.get(0);
        }
        else {
            path = base + "/doses";
            body = doses.get(0);
        }
        return new PlannedRequest(path, patients.token(patient), ContractJson.mapper().writeValueAsBytes(body), kinds);
    }

    private RequestBodies.Dose dose(BigDecimal mg, OffsetDateTime takenAt) {
        return new RequestBodies.Dose(randomUuid(), SyntheticPatients.DRUG, mg, takenAt);
    }

    /** Never from the seed: event ids are idempotency keys, and a rerun must not repeat (and so lose) events. */
    private static UUID randomUuid() {
        return UUID.randomUUID();
    }
}
