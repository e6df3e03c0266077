package org.adherence.bench;

import java.util.function.Function;

import org.adherence.contracts.Topics;
import org.adherence.contracts.events.DoseTaken;
import org.adherence.contracts.events.PatientProfileUpdated;
import org.adherence.contracts.events.SymptomsReported;
import org.adherence.contracts.json.ContractJsonSerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.KStream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The limit of the machinery rules-service runs on: the same binder, the same three inputs merged, the same contract
 * JSON read and written again, {@code exactly_once_v2}, one output; and nothing else (no state, no rules).
 */
@SpringBootApplication
public class PassThroughApplication {

    /** The topic the pass-through writes; the bench creates it. */
    static final String OUTPUT = "bench.passthrough-out";

    public static void main(String[] args) {
        SpringApplication.run(PassThroughApplication.class, args);
    }

    @Bean
    public Function<KStream<String, DoseTaken>, Function<KStream<String, SymptomsReported>,
            Function<KStream<String, PatientProfileUpdated>, KStream<String, byte[]>>>> passThrough() {
        ContractJsonSerializer json = new ContractJsonSerializer();
        return doses -> symptoms -> profiles -> doses.<Object>mapValues(dose -> dose)
                .merge(symptoms.mapValues(report -> (Object) report))
                .merge(profiles.mapValues(profile -> (Object) profile))
                .mapValues(value -> json.serialize(OUTPUT, value));
    }

    @Bean
    Serde<DoseTaken> doseTakenSerde() {
        return Topics.DOSE_EVENTS.valueSerde();
    }

    @Bean
    Serde<SymptomsReported> symptomsReportedSerde() {
        return Topics.SYMPTOM_EVENTS.valueSerde();
    }

    @Bean
    Serde<PatientProfileUpdated> patientProfileSerde() {
        return Topics.PATIENT_PROFILES.valueSerde();
    }
}
