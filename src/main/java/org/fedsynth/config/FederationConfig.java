package org.fedsynth.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Set;

/**
 * The {@code federation} section: how many clients, how their data is split, and how the server
 * weights them.
 *
 * @param clients number of clients (hospitals)
 * @param rounds number of communication rounds
 * @param partition iid, dirichlet, shared or folders
 * @param alpha Dirichlet concentration for label skew (smaller = more skew)
 * @param clientPaths one data folder per client, for the folders partition
 * @param weighting samples (FedAvg weight proportional to sample count) or uniform
 * @param averageDiscriminator also average discriminators (the paper keeps them private)
 * @param clientsPerRound clients sampled each round: a count (whole number >= 1) or a fraction (&lt; 1);
 *     unset = all
 * @param clientState where idle clients' private state lives: memory, disk or auto (disk above 16 clients)
 * @param generatorEma decay of the published generator, an exponential moving average over rounds of
 *     the global generator (0 = publish the global generator itself); training always continues from
 *     the global generator
 * @param maxShare the largest base weight share of any one client in a round, in (0, 1]; unset = no cap
 */
public record FederationConfig(
        @JsonPropertyDescription("number of clients (default 4)") Integer clients,
        @JsonPropertyDescription("communication rounds (default 20)") Integer rounds,
        @JsonPropertyDescription("iid | dirichlet | shared | folders (default iid)") String partition,
        @JsonPropertyDescription("Dirichlet alpha for label skew (default 0.5)") Double alpha,
        @JsonPropertyDescription("one ImageFolder per client, for partition: folders") List<String> clientPaths,
        @JsonPropertyDescription("samples | uniform (default samples)") String weighting,
        @JsonPropertyDescription("average discriminators too (default false, as in the paper)") Boolean averageDiscriminator,
        @JsonPropertyDescription("clients sampled per round: a count >= 1 or a fraction < 1 (default all)") Double clientsPerRound,
        @JsonPropertyDescription("idle clients' state: auto | memory | disk (default auto: disk above 16 clients)") String clientState,
        @JsonPropertyDescription("published generator = moving average over rounds of the global one with this decay, "
                + "in [0, 1); 0 publishes the global generator itself (default 0.8)") Double generatorEma,
        @JsonPropertyDescription("no client's base weight above this share of a round, in (0, 1]; the surplus goes to "
                + "the others by their weights (default: no cap)") Double maxShare) {

    /** The default decay of the published generator's moving average (a window of about 5 rounds). */
    public static final double DEFAULT_GENERATOR_EMA = 0.8;

    /** Fills defaults and validates each field. */
    public FederationConfig {
        clients = clients == null ? 4 : clients;
        rounds = rounds == null ? 20 : rounds;
        partition = partition == null ? "iid" : partition;
        alpha = alpha == null ? 0.5 : alpha;
        clientPaths = clientPaths == null ? List.of() : List.copyOf(clientPaths);
        weighting = weighting == null ? "samples" : weighting;
        averageDiscriminator = averageDiscriminator != null && averageDiscriminator;
        clientState = clientState == null ? "auto" : clientState;
        generatorEma = generatorEma == null ? DEFAULT_GENERATOR_EMA : generatorEma;
        if (maxShare != null) {
            ConfigException.require(maxShare > 0 && maxShare <= 1, "federation.max_share",
                    "in (0, 1] (for example 0.2: no site above a fifth of a round; leave it out for no cap)", maxShare);
        }
        ConfigException.require(generatorEma >= 0 && generatorEma < 1, "federation.generator_ema",
                "in [0, 1) (0 = publish the global generator itself)", generatorEma);
        ConfigException.require(Set.of("auto", "memory", "disk").contains(clientState), "federation.client_state",
                "auto, memory or disk", "'" + clientState + "'");
        if (clientsPerRound != null) {
            boolean fraction = clientsPerRound > 0 && clientsPerRound < 1;
            boolean count = clientsPerRound >= 1 && clientsPerRound == Math.rint(clientsPerRound);
            ConfigException.require(fraction || count, "federation.clients_per_round",
                    "a whole number >= 1 or a fraction in (0, 1)", clientsPerRound);
        }
        ConfigException.require(clients >= 1 && clients <= 10_000, "federation.clients", "in [1, 10000]", clients);
        ConfigException.require(rounds >= 1, "federation.rounds", "at least 1", rounds);
        ConfigException.require(Set.of("iid", "dirichlet", "shared", "folders").contains(partition),
                "federation.partition", "one of iid, dirichlet, shared, folders", "'" + partition + "'");
        ConfigException.require(alpha > 0 && Double.isFinite(alpha), "federation.alpha", "a positive number", alpha);
        ConfigException.require(Set.of("samples", "uniform").contains(weighting), "federation.weighting", "samples or uniform", "'" + weighting + "'");
        if (partition.equals("folders") && clientPaths.size() != clients) {
            throw new ConfigException("federation.client_paths must list one folder per client when partition is folders: "
                    + "federation.clients is " + clients + " but " + clientPaths.size() + " paths are given");
        }
        if (!partition.equals("folders") && !clientPaths.isEmpty()) {
            throw new ConfigException("federation.client_paths is only used with partition: folders (found partition: " + partition + ")");
        }
    }

    /** How many clients train in a round (at least 1, at most all). */
    public int sampledPerRound() {
        if (clientsPerRound == null) {
            return clients;
        }
        int k = clientsPerRound < 1 ? (int) Math.round(clientsPerRound * clients) : clientsPerRound.intValue();
        return Math.max(1, Math.min(clients, k));
    }

    /** Whether idle clients' state is spilled to disk. */
    public boolean spillClientState() {
        return clientState.equals("disk") || (clientState.equals("auto") && clients > 16);
    }

    /** Four clients, 20 rounds, iid. */
    public static FederationConfig defaults() {
        return new FederationConfig(null, null, null, null, null, null, null, null, null, null, null);
    }
}
