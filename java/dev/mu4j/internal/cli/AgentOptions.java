package dev.mu4j.internal.cli;

import dev.mu4j.internal.agent.BundledModel;
import dev.mu4j.settings.Catalog;
import dev.mu4j.settings.SettingsAgent;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every agent command shares: which model and catalog (by default the ones inside the jar). */
final class AgentOptions {
    @Option(names = "--model", paramLabel = "DIR", description = "a settings model directory instead of the bundled one")
    Path model;

    @Option(names = "--catalog", paramLabel = "FILE", description = "a catalog.json instead of the bundled one")
    Path catalog;

    @Mixin
    BackendOptions backend = new BackendOptions();

    /** The agent over the chosen (or bundled) model and catalog. */
    SettingsAgent open() throws IOException {
        Catalog c = catalog == null ? Catalog.loadDefault() : Catalog.load(catalog);
        return SettingsAgent.load(model == null ? BundledModel.directory() : model, c, backend.options());
    }
}
