/** Usage text of `ndiswb run` (kept apart so that `ndiswb --help` does not load the simulator). */
export const RUN_USAGE = `  run [scenario.yaml]  simulate an NDIS stack (no scenario: the bundled two-host ping demo)
      --trace out.jsonl          write the trace as JSON Lines ("-" for stdout)
      --pcapng out.pcapng        write every frame on every component edge as pcapng
      --format text|json         stdout: the trace rendered as text and a summary (default), or a JSON summary
      --quiet                    text format: only the summary
      --seed N                   override the scenario's seed
      --max-events N             stop after N trace events (budget; exit status 2)
      --html report.html         also write a self-contained HTML report: the trace viewer with the trace embedded
  run --driver DIR     run your driver's C sources in the default scenario for its kind
      --kind K                   protocol, miniport, filter, intermediate or provider (default: from the sources)
      --print-scenario           print that scenario (YAML) instead of running it
`;
