package org.adherence.loadgen.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Reads {@code /actuator/prometheus} of a service into a {@link MetricsSnapshot}. */
public final class ServiceScraper {

    private static final String PATH = "/actuator/prometheus";

    private final HttpClient client;
    private final Duration timeout;

    public ServiceScraper(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /**
     * @param service the service's base URL
     * @return the snapshot, named after the {@code application} label the services put on every series (the URL
     *         where there is none)
     * @throws IOException when the service does not answer 200
     */
    public MetricsSnapshot scrape(URI service) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(service.resolve(PATH))
                .timeout(timeout)
                // the classic text format; OpenMetrics would add exemplars, which the parser skips anyway
                .header("Accept", "text/plain;version=0.0.4")
                .GET()
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        long at = System.nanoTime();
        if (response.statusCode() != 200) {
            throw new IOException(service.resolve(PATH) + " answered " + response.statusCode());
        }
        Map<Series, Double> samples = PrometheusTextParser.parse(response.body());
        String application = samples.keySet().stream()
                .map(series -> series.label("application"))
                .filter(name -> name != null && !name.isBlank())
                .findFirst()
                .orElse(service.toString());
        return new MetricsSnapshot(application, at, samples);
    }
}
