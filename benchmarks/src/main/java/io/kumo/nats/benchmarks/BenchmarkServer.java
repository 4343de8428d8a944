package io.kumo.nats.benchmarks;

import java.io.IOException;
import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The one server every benchmark fork talks to, started by {@link BenchmarkMain}, and the two ways
 * of connecting to it that are compared: raw jnats and the auto-configured bean.
 */
final class BenchmarkServer {

	static final String URL_PROPERTY = "kumo.bench.url";

	static final String STREAM = "BENCH";

	static final String STREAM_SUBJECT = "bench.js.events";

	private BenchmarkServer() {
	}

	static String url() {
		String url = System.getProperty(URL_PROPERTY);
		if (url == null) {
			throw new IllegalStateException("Run the benchmarks with scripts/benchmark, which starts the server and sets "
					+ URL_PROPERTY);
		}
		return url;
	}

	/**
	 * Raw jnats with the options the starter would use by default, so that only the layer differs.
	 */
	static Connection rawConnection() throws IOException, InterruptedException {
		return Nats.connect(Options.builder()
			.server(url())
			.maxMessagesInOutgoingQueue(128)
			.pingInterval(Duration.ofSeconds(60))
			.connectionTimeout(Duration.ofSeconds(5))
			.maxReconnects(-1)
			.build());
	}

	static ConfigurableApplicationContext application(String... properties) {
		return start(WebApplicationType.NONE, properties);
	}

	static ConfigurableApplicationContext webApplication(String... properties) {
		return start(WebApplicationType.SERVLET, properties);
	}

	private static ConfigurableApplicationContext start(WebApplicationType type, String... properties) {
		SpringApplication application = new SpringApplication(BenchmarkApplication.class);
		application.setWebApplicationType(type);
		application.setLogStartupInfo(false);
		application.setBannerMode(Banner.Mode.OFF);
		String[] args = new String[properties.length + 1];
		args[0] = "--logging.level.root=WARN";
		for (int i = 0; i < properties.length; i++) {
			args[i + 1] = "--" + properties[i];
		}
		return application.run(args);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class BenchmarkApplication {

	}

}
