package org.adherence.rules.engine;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.adherence.contracts.events.Prescription;

/**
 * What is prescribed of one drug on one local day: every prescription in force that day together (10 mg three
 * times a day and 5 mg at night is 35 mg a day in four doses, none above 10 mg). Judging by one of them would call
 * the other's doses too many.
 */
public record Prescribed(List<Prescription> inForce) {

    public Prescribed {
        inForce = List.copyOf(inForce);
        if (inForce.isEmpty()) {
            throw new IllegalArgumentException("no prescription in force");
        }
    }

    /** The largest single dose prescribed. */
    public BigDecimal doseMg() {
        return inForce.stream().map(Prescription::doseMg).reduce(BigDecimal::max).orElseThrow();
    }

    public int timesPerDay() {
        return inForce.stream().mapToInt(Prescription::timesPerDay).sum();
    }

    public BigDecimal dailyMg() {
        return inForce.stream().map(rx -> rx.doseMg().multiply(BigDecimal.valueOf(rx.timesPerDay())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Whether a prescription in force starts or ends on {@code day}: a day the patient may take only part of. */
    public boolean startsOrEndsOn(LocalDate day) {
        return inForce.stream().anyMatch(rx -> day.equals(rx.startDate()) || day.equals(rx.endDate()));
    }

    /** Whether a prescription in force ends on {@code day}. */
    public boolean endsOn(LocalDate day) {
        return inForce.stream().anyMatch(rx -> day.equals(rx.endDate()));
    }

    /** {@code the prescription is 10 mg 3 times a day (30 mg a day)} */
    public String describe() {
        List<String> each = inForce.stream().map(rx -> Display.mg(rx.doseMg()) + " "
                + (rx.timesPerDay() == 1 ? "once" : rx.timesPerDay() + " times") + " a day").toList();
        return (inForce.size() == 1 ? "the prescription is " : "the prescriptions are ") + Display.list(each)
                + " (" + Display.mg(dailyMg()) + " a day)";
    }
}
