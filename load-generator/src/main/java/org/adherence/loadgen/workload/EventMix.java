package org.adherence.loadgen.workload;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The shares of the generated events: {@code overdose} 25 mg doses, {@code symptoms} symptom reports, the rest
 * adherent 10 mg doses. Written {@code overdose=0.02,symptoms=0.05} on the command line.
 */
public record EventMix(double overdoseShare, double symptomShare) {

    public static final EventMix DEFAULT = new EventMix(0.02, 0.05);

    public EventMix {
        if (!(overdoseShare >= 0) || !(symptomShare >= 0) || overdoseShare + symptomShare > 1) {
            throw new IllegalArgumentException(
                    "the shares must be at least 0 and add up to at most 1: overdose=" + overdoseShare
                            + ", symptoms=" + symptomShare);
        }
    }

    public static EventMix parse(String text) {
        double overdose = DEFAULT.overdoseShare;
        double symptoms = DEFAULT.symptomShare;
        for (String part : text.split(",")) {
            String[] kv = part.strip().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("--mix wants name=share pairs, e.g. overdose=0.02,symptoms=0.05");
            }
            double share = parseShare(kv[1].strip());
            switch (kv[0].strip().toLowerCase(Locale.ROOT)) {
                case "overdose", "overdoses" -> overdose = share;
                case "symptoms", "symptom" -> symptoms = share;
                default -> throw new IllegalArgumentException(
                        "unknown share '" + kv[0].strip() + "' in --mix (known: overdose, symptoms)");
            }
        }
        return new EventMix(overdose, symptoms);
    }

    /** Draws the kind of the next event. */
    public EventKind draw(RandomGenerator random) {
        double r = random.nextDouble();
        if (r < overdoseShare) {
            return EventKind.OVERDOSE;
        }
        return r < overdoseShare + symptomShare ? EventKind.SYMPTOMS : EventKind.ADHERENT_DOSE;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "overdose=%s,symptoms=%s", overdoseShare, symptomShare);
    }

    private static double parseShare(String text) {
        boolean percent = text.endsWith("%");
        double value = Double.parseDouble(percent ? text.substring(0, text.length() - 1) : text);
        return percent ? value / 100 : value;
    }
}
