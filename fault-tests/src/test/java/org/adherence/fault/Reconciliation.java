package org.adherence.fault;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.adherence.contracts.Topics;
import org.adherence.contracts.codes.RuleId;
import org.adherence.contracts.events.AlertRaised;
import org.adherence.contracts.json.ContractJson;
import org.adherence.testsupport.mail.TestMailServer;

import tools.jackson.core.JacksonException;

/**
 * What the apps were told, reconciled with what reached the topics and the mail server:
 * <ul>
 *   <li>every event answered {@code 202} is on its topic exactly once; an event on the topic was sent (never one
 *   made up), and one refused with {@code 503} may be there at most once (the contract: "a 503 may leave it
 *   published");</li>
 *   <li>every dose on the topic has its alert (here: one SINGLE_DOSE_ABOVE_MAX per 25 mg dose) exactly once on the
 *   alerts topic;</li>
 *   <li>every alert's emails (HIGH: the physician and the caregiver) reached the mail server; an email that reached
 *   it more than once is a repeat, counted apart.</li>
 * </ul>
 */
final class Reconciliation {

    private static final Pattern ALERT_ID = Pattern.compile("Alert id: (\\S+)");

    private final FaultStack stack;

    private final Patients patients;

    private final List<SteadyLoad.Answer> answers;

    private Map<String, Integer> dosesOnTopic = Map.of();

    private List<AlertRaised> alerts = List.of();

    private Map<Email, Integer> emails = Map.of();

    private Map<Email, Set<String>> messageIds = Map.of();

    /** An email as the reconciliation knows it: to whom, about which alert. */
    record Email(String recipient, String alertId) implements Comparable<Email> {

        @Override
        public int compareTo(Email other) {
            return (recipient + alertId).compareTo(other.recipient + other.alertId);
        }
    }

    Reconciliation(FaultStack stack, Patients patients, List<SteadyLoad.Answer> answers) {
        this.stack = stack;
        this.patients = patients;
        this.answers = List.copyOf(answers);
    }

    /**
     * Reads the topics and the mail server until every accepted event, its alert and the alert's emails are there,
     * or {@code timeout} has passed; then, once complete, watches {@code quiet} longer for repeats. The assertions
     * after it say what is missing or repeated.
     */
    Reconciliation settle(Duration timeout, Duration quiet) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            read();
            if (missingFromTopic().isEmpty() && dosesWithoutAlert().isEmpty() && missingEmails().isEmpty()) {
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                return this;
            }
            Thread.sleep(1000);
        }
        Thread.sleep(quiet.toMillis());
        read();
        return this;
    }

    /** The record's value read, or nothing when it is not JSON. */
    private static <T> Stream<T> readable(TopicRecords.Entry entry, Function<String, T> reader) {
        try {
            return Stream.of(reader.apply(entry.value()));
        }
        catch (JacksonException notJson) {
            return Stream.empty();
        }
    }

    private void read() {
        String servers = stack.kafka().bootstrapServers();
        // a record that is not JSON is one a test wrote on purpose (the services dead-letter it): not an event
        dosesOnTopic = TopicRecords.read(servers, Topics.DOSE_EVENTS.name(), patients::owns).stream()
                .flatMap(entry -> readable(entry, value -> ContractJson.mapper().readTree(value)
                        .path("eventId").asString()))
                .collect(Collectors.toMap(Function.identity(), id -> 1, Integer::sum));
        alerts = TopicRecords.read(servers, Topics.ALERTS.name(), patients::owns).stream()
                .flatMap(entry -> readable(entry, value -> ContractJson.mapper().readValue(value, AlertRaised.class)))
                .toList();
        Map<Email, Integer> received = new HashMap<>();
        Map<Email, Set<String>> ids = new HashMap<>();
        for (TestMailServer.Mail mail : stack.mail().received(m -> mentionsOurPatient(m.subject()))) {
            Matcher id = ALERT_ID.matcher(mail.text());
            while (id.find()) {
                Email email = new Email(mail.recipient(), id.group(1));
                received.merge(email, 1, Integer::sum);
                ids.computeIfAbsent(email, e -> new TreeSet<>()).add(String.valueOf(mail.messageId()));
            }
        }
        emails = received;
        messageIds = ids;
    }

    private boolean mentionsOurPatient(String subject) {
        return subject != null && subject.contains(" - patient " + patients.prefix() + "-");
    }

    List<SteadyLoad.Answer> answers() {
        return answers;
    }

    List<SteadyLoad.Answer> accepted() {
        return answers.stream().filter(SteadyLoad.Answer::accepted).toList();
    }

    /** Answers by status ({@code -1}: no HTTP answer). */
    Map<Integer, Long> byStatus() {
        return answers.stream().collect(Collectors.groupingBy(SteadyLoad.Answer::status, TreeMap::new,
                Collectors.counting()));
    }

    /** Events answered 202 that are not on their topic. */
    Set<String> missingFromTopic() {
        return accepted().stream().map(SteadyLoad.Answer::eventId).filter(id -> !dosesOnTopic.containsKey(id))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Events on the topic more than once. */
    Set<String> onTopicMoreThanOnce() {
        return dosesOnTopic.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Events on the topic that no request of the load sent. */
    Set<String> neverSent() {
        Set<String> sent = answers.stream().map(SteadyLoad.Answer::eventId).collect(Collectors.toSet());
        return dosesOnTopic.keySet().stream().filter(id -> !sent.contains(id))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Events refused (not 202) that are on the topic anyway: the contract allows it for a 503; counted. */
    long refusedButPublished() {
        return answers.stream().filter(a -> !a.accepted()).filter(a -> dosesOnTopic.containsKey(a.eventId()))
                .count();
    }

    /** Doses on the topic without their SINGLE_DOSE_ABOVE_MAX alert. */
    Set<String> dosesWithoutAlert() {
        Set<String> alerted = alerts.stream().filter(a -> a.rule() == RuleId.SINGLE_DOSE_ABOVE_MAX)
                .flatMap(a -> a.evidence().eventIds().stream()).collect(Collectors.toSet());
        return dosesOnTopic.keySet().stream().filter(id -> !alerted.contains(id))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Alert ids on the alerts topic more than once (committed records). */
    Set<String> alertsMoreThanOnce() {
        return alerts.stream().collect(Collectors.groupingBy(AlertRaised::alertId, Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Alerts other than the one each dose should raise. */
    List<AlertRaised> unexpectedAlerts() {
        return alerts.stream().filter(a -> a.rule() != RuleId.SINGLE_DOSE_ABOVE_MAX).toList();
    }

    Set<String> alertIds() {
        return alerts.stream().map(AlertRaised::alertId).collect(Collectors.toCollection(TreeSet::new));
    }

    List<AlertRaised> alerts() {
        return alerts;
    }

    /** The emails every alert on the topic should have given: HIGH, to the physician and to the caregiver. */
    Set<Email> expectedEmails() {
        Set<Email> expected = new TreeSet<>();
        for (AlertRaised alert : alerts) {
            expected.add(new Email(Patients.physician(alert.patientId()), alert.alertId()));
            expected.add(new Email(Patients.caregiver(alert.patientId()), alert.alertId()));
        }
        return expected;
    }

    Set<Email> missingEmails() {
        return expectedEmails().stream().filter(email -> !emails.containsKey(email))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Emails the mail server got more than once, with how many times. */
    Map<Email, Integer> repeatedEmails() {
        Map<Email, Integer> repeated = new TreeMap<>();
        emails.forEach((email, count) -> {
            if (count > 1) {
                repeated.put(email, count);
            }
        });
        return repeated;
    }

    /** Emails that reached the mail server more than once under more than one Message-ID: a repeat must be recognisable. */
    Map<Email, Set<String>> repeatsWithOtherMessageIds() {
        Map<Email, Set<String>> different = new TreeMap<>();
        messageIds.forEach((email, ids) -> {
            if (ids.size() > 1) {
                different.put(email, ids);
            }
        });
        return different;
    }

    /** Emails no alert on the topic asked for. */
    Set<Email> unexpectedEmails() {
        Set<Email> expected = expectedEmails();
        return emails.keySet().stream().filter(email -> !expected.contains(email))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    int emailsReceived() {
        return emails.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** One line of figures for the test's log and docs/reliability.md. */
    String figures() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("requests", answers.size());
        figures.put("answers", byStatus());
        figures.put("accepted on topic once", accepted().size() - missingFromTopic().size()
                - onTopicMoreThanOnce().size());
        figures.put("refused but published", refusedButPublished());
        figures.put("alerts", alerts.size());
        figures.put("emails expected", expectedEmails().size());
        figures.put("emails received", emailsReceived());
        figures.put("missing", missingEmails().size());
        figures.put("repeated", repeatedEmails().size());
        return figures.toString();
    }

    /**
     * What the apps were told, by when they asked: for each {@code bucket} of sending time after {@code origin} (the
     * fault), the answers by status and the longest wait for one; for the test's log and docs/reliability.md.
     */
    String timeline(Instant origin, Duration bucket) {
        Map<Long, List<SteadyLoad.Answer>> byBucket = answers.stream().collect(Collectors.groupingBy(
                a -> Math.floorDiv(Duration.between(origin, a.sentAt()).toMillis(), bucket.toMillis()), TreeMap::new,
                Collectors.toList()));
        StringBuilder line = new StringBuilder();
        byBucket.forEach((index, inBucket) -> {
            Map<Integer, Long> statuses = inBucket.stream().collect(Collectors.groupingBy(SteadyLoad.Answer::status,
                    TreeMap::new, Collectors.counting()));
            long slowest = inBucket.stream().mapToLong(a -> Duration.between(a.sentAt(), a.answeredAt()).toMillis())
                    .max().orElse(0);
            line.append(String.format("%n  sent %+4ds: %s, slowest answer %.1f s", index * bucket.toSeconds(),
                    statuses, slowest / 1000.0));
        });
        return line.toString();
    }

    /** The accepted answers, in the order sent. */
    List<String> acceptedEventIds() {
        List<String> ids = new ArrayList<>();
        accepted().forEach(a -> ids.add(a.eventId()));
        return ids;
    }
}
