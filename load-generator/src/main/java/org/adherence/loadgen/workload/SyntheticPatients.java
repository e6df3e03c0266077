package org.adherence.loadgen.workload;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.loadgen.auth.Hs256Jwt;

/**
 * The run's patients: {@code <prefix>-00001 ...}, each with a care team of a physician and a caregiver (addresses
 * under example.org, one pair per patient), a baclofen prescription of 10 mg three times a day, and a patient-app
 * token. A fresh prefix per run keeps runs apart: no 24-hour window of one run reaches into the next.
 */
public final class SyntheticPatients {

    static final String DRUG = "baclofen";
    private static final List<ZoneId> ZONES =
            List.of(ZoneId.of("Europe/Berlin"), ZoneId.of("Europe/London"), ZoneId.of("America/New_York"));

    private final String prefix;
    private final int count;
    private final String[] ids;
    private final String[] tokens;

    public SyntheticPatients(String prefix, int count, Hs256Jwt jwt, Instant issuedAt, Instant expiresAt) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one patient is needed");
        }
        this.prefix = prefix;
        this.count = count;
        this.ids = new String[count];
        this.tokens = new String[count];
        int digits = Math.max(5, String.valueOf(count).length());
        for (int i = 0; i < count; i++) {
            ids[i] = String.format("%s-%0" + digits + "d", prefix, i + 1);
            tokens[i] = jwt.patientApp(ids[i], issuedAt, expiresAt);
        }
    }

    public String prefix() {
        return prefix;
    }

    public int count() {
        return count;
    }

    public String id(int patient) {
        return ids[patient];
    }

    /** The patient app's token: {@code sub} = the patient id, scope {@code events:write}. */
    public String token(int patient) {
        return tokens[patient];
    }

    public ZoneId zone(int patient) {
        return ZONES.get(patient % ZONES.size());
    }

    public RequestBodies.Profile profile(int patient, LocalDate today) {
        int n = patient + 1;
        return new RequestBodies.Profile(
                LocalDate.of(1960 + patient % 35, 1 + patient % 12, 1 + patient % 28),
                zone(patient).getId(),
                List.of(new RequestBodies.CareTeamMember("Dr. Neuro " + n, "neuro-" + n + "@clinic.example.org",
                                CareTeamRole.PHYSICIAN),
                        new RequestBodies.CareTeamMember("Carer " + n, "carer-" + n + "@family.example.org",
                                CareTeamRole.CAREGIVER)),
                List.of(new RequestBodies.Prescription(DRUG, BigDecimal.TEN, 3, today.minusDays(60))),
                List.of(), List.of());
    }
}
