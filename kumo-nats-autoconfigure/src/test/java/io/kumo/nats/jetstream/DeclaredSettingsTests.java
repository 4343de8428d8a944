package io.kumo.nats.jetstream;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only the settings a declaration sets are compared with what the server reports.
 */
class DeclaredSettingsTests {

	private static final String DECLARED = StreamConfiguration.builder()
		.name("ORDERS")
		.subjects("orders.>")
		.maxAge(Duration.ofHours(1))
		.metadata(Map.of("team", "billing"))
		.build()
		.toJson();

	@Test
	void defaultsTheServerFillsInAreNoDifference() {
		String server = StreamConfiguration.builder()
			.name("ORDERS")
			.subjects("orders.>")
			.maxAge(Duration.ofHours(1))
			.duplicateWindow(Duration.ofMinutes(2))
			.maxMessages(-1)
			.metadata(Map.of("team", "billing", "_nats.level", "1"))
			.build()
			.toJson();
		assertThat(DeclaredSettings.differences(DECLARED, server, DeclaredSettings.STREAM_UNSET_ALIKE)).isEmpty();
	}

	@Test
	void declaredSettingsTheServerDoesNotHaveAreDifferences() {
		String server = StreamConfiguration.builder()
			.name("ORDERS")
			.subjects("orders.>", "returns.>")
			.storageType(StorageType.Memory)
			.metadata(Map.of("team", "shipping"))
			.build()
			.toJson();
		assertThat(DeclaredSettings.differences(DECLARED, server, DeclaredSettings.STREAM_UNSET_ALIKE))
			.containsExactlyInAnyOrder("subjects", "max_age", "storage", "metadata");
	}

	@Test
	void aDeclaredFalseOrEmptyValueMatchesAnAbsentOne() {
		assertThat(DeclaredSettings.differences("{\"mem_storage\":false,\"filter_subjects\":[],\"sample_freq\":\"\"}",
				"{}", Set.of()))
			.isEmpty();
		assertThat(DeclaredSettings.differences("{\"mem_storage\":true}", "{}", Set.of()))
			.containsExactly("mem_storage");
	}

	@Test
	void aSettingNoLongerDeclaredDiffersOnlyWhenItsDefaultMeansTheSameToTheServer() {
		String server = StreamConfiguration.builder()
			.name("ORDERS")
			.subjects("orders.>")
			.maxAge(Duration.ofHours(1))
			.maxBytes(1024)
			.duplicateWindow(Duration.ofMinutes(2))
			.metadata(Map.of("team", "billing"))
			.build()
			.toJson();
		assertThat(DeclaredSettings.differences(DECLARED, server, DeclaredSettings.STREAM_UNSET_ALIKE))
			.containsExactly("max_bytes");
	}

}
