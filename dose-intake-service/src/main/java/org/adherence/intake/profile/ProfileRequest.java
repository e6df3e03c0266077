package org.adherence.intake.profile;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.adherence.contracts.EventLimits;
import org.adherence.contracts.codes.CareTeamRole;
import org.adherence.contracts.codes.CoMedication;
import org.adherence.contracts.codes.Condition;

/** PatientProfile as a care team or enrolment system puts it (CONTRACT.md). */
public record ProfileRequest(
        @NotNull @PastOrPresent LocalDate birthDate,
        @NotNull ZoneId timeZone,
        @Size(max = EventLimits.CARE_TEAM_MAX) List<@Valid @NotNull CareTeamMemberRequest> careTeam,
        @Size(max = EventLimits.PRESCRIPTIONS_MAX) List<@Valid @NotNull PrescriptionRequest> prescriptions,
        Set<@NotNull Condition> conditions,
        Set<@NotNull CoMedication> coMedications) {

    public ProfileRequest {
        careTeam = careTeam == null ? List.of() : careTeam;
        prescriptions = prescriptions == null ? List.of() : prescriptions;
        conditions = conditions == null ? Set.of() : conditions;
        coMedications = coMedications == null ? Set.of() : coMedications;
    }

    /**
     * A CRITICAL alert's reminders go to the care team's clinicians (RULES.md): a team without one would leave it
     * unanswered.
     */
    @AssertTrue(message = "the care team must list at least one clinician (PHYSICIAN, NURSE or PHARMACIST)")
    public boolean isCareTeam() {
        return careTeam.stream().anyMatch(member -> member != null && member.role() != null
                && member.role().isClinician());
    }

    /**
     * @param email an address that notification-service can key its ledger with: {@code |} separates the parts of
     *              those keys ({@code <alertId>|<address>}), so an address holding one could pass for another's key
     */
    public record CareTeamMemberRequest(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Email @Size(max = 254) @Pattern(regexp = "[^|]*", message = "must not contain '|'")
            String email,
            @NotNull CareTeamRole role) {
    }

    public record PrescriptionRequest(
            @NotBlank @Size(max = EventLimits.DRUG_MAX) String drug,
            @NotNull @Positive @DecimalMax(EventLimits.DOSE_MG_MAX)
            @Digits(integer = EventLimits.DOSE_MG_INTEGER_DIGITS, fraction = EventLimits.DOSE_MG_FRACTION_DIGITS)
            BigDecimal doseMg,
            @NotNull @Min(1) @Max(24) Integer timesPerDay,
            @NotNull LocalDate startDate,
            LocalDate endDate) {

        @AssertTrue(message = "endDate must not be before startDate")
        public boolean isEndDate() {
            return endDate == null || startDate == null || !endDate.isBefore(startDate);
        }
    }
}
