"""Static tests of the Airflow DAGs (Airflow cannot be installed here): standard library only.

Each DAG file must parse; its DAG(...) must carry the expected id, schedule and retries; and every
``batch_jobs_command(subcommand, [options])`` call must name a subcommand of BatchJobsCli and only
options that subcommand declares. The CLI's subcommands and options are read from the Java sources
(picocli annotations, including @Mixin option classes), so renaming an option in Java breaks this test.

Run: python3 -m unittest discover -s dags/tests   (from the repository root; mvn verify of
batch-jobs runs it).
"""

import ast
import pathlib
import re
import unittest

DAGS = pathlib.Path(__file__).resolve().parent.parent
REPO = DAGS.parent
JAVA_SOURCES = [REPO / "batch-jobs" / "src" / "main" / "java", REPO / "spark-common" / "src" / "main" / "java"]

EXPECTED = {
    "rollup_hourly.py": {"dag_id": "metrics_rollup_hourly", "schedule": "@hourly", "min_retries": 1},
    "rollup_backfill.py": {"dag_id": "metrics_rollup_backfill", "schedule": None, "min_retries": 1},
    "maintenance_daily.py": {"dag_id": "metrics_maintenance_daily", "schedule": "@daily", "min_retries": 1},
}


def java_classes():
    """{simple class name: source text} of the CLI's modules."""
    classes = {}
    for root in JAVA_SOURCES:
        for path in root.rglob("*.java"):
            classes[path.stem] = path.read_text(encoding="utf-8")
    return classes


def options_of(class_name, classes):
    """Option names declared by a class and by its @Mixin fields' classes."""
    source = classes[class_name]
    names = set()
    for declared in re.findall(r'@Option\(\s*names\s*=\s*(\{[^}]*\}|"[^"]*")', source):
        names.update(re.findall(r'"([^"]+)"', declared))
    for mixin in re.findall(r"@Mixin\s+(?:private\s+|final\s+)*(\w+)\s+\w+\s*;", source):
        names |= options_of(mixin, classes)
    if "mixinStandardHelpOptions = true" in source:
        names |= {"--help", "-h", "--version", "-V"}
    return names


def cli_commands():
    """{subcommand name: its option names}, from BatchJobsCli's subcommands list."""
    classes = java_classes()
    cli = classes["BatchJobsCli"]
    listed = re.search(r"subcommands\s*=\s*\{([^}]*)\}", cli).group(1)
    commands = {}
    for class_name in re.findall(r"(\w+)\.class", listed):
        name = re.search(r'@Command\(\s*name\s*=\s*"([^"]+)"', classes[class_name]).group(1)
        commands[name] = options_of(class_name, classes)
    return commands


def dag_calls(tree):
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)
            and getattr(node.func, "id", None) == "DAG"]


def keyword(call, name):
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    raise AssertionError(f"DAG(...) has no {name}=")


def cli_calls(tree):
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)
            and getattr(node.func, "id", None) == "batch_jobs_command"]


class CliSourcesTest(unittest.TestCase):

    def test_the_cli_sources_are_read(self):
        commands = cli_commands()
        for name in ("check", "rollup", "status", "backfill", "verify", "retention", "compact"):
            self.assertIn(name, commands)
        self.assertTrue({"--granularity", "--from", "--to", "--metric-prefix", "--local", "--catalog-config"}
                        <= commands["rollup"], commands["rollup"])
        self.assertIn("--force", commands["backfill"])
        self.assertIn("--force", commands["rollup"])
        self.assertIn("--now", commands["retention"])
        self.assertIn("--dedup-horizon", commands["compact"])
        self.assertNotIn("--now", commands["rollup"])
        self.assertNotIn("--no-such-option", commands["verify"])


class DagFilesTest(unittest.TestCase):

    def setUp(self):
        self.commands = cli_commands()

    def parse(self, file_name):
        path = DAGS / file_name
        return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))

    def test_every_expected_dag_file_exists_and_no_other(self):
        dag_files = {p.name for p in DAGS.glob("*.py") if dag_calls(self.parse(p.name))}
        self.assertEqual(set(EXPECTED), dag_files)

    def test_dag_ids_schedules_and_retries(self):
        for file_name, expected in EXPECTED.items():
            with self.subTest(file_name):
                calls = dag_calls(self.parse(file_name))
                self.assertEqual(1, len(calls))
                dag = calls[0]
                self.assertEqual(expected["dag_id"], ast.literal_eval(keyword(dag, "dag_id")))
                self.assertEqual(expected["schedule"], ast.literal_eval(keyword(dag, "schedule")))
                self.assertIs(False, ast.literal_eval(keyword(dag, "catchup")))
                default_args = keyword(dag, "default_args")
                retries = {ast.literal_eval(k): v for k, v in zip(default_args.keys, default_args.values)}["retries"]
                self.assertGreaterEqual(ast.literal_eval(retries), expected["min_retries"])

    def test_every_cli_call_uses_a_real_subcommand_and_real_options(self):
        checked = 0
        for file_name in EXPECTED:
            for call in cli_calls(self.parse(file_name)):
                with self.subTest(file=file_name, line=call.lineno):
                    subcommand = ast.literal_eval(call.args[0])
                    self.assertIn(subcommand, self.commands)
                    options = [n for n in ast.walk(call.args[1]) if isinstance(n, ast.Constant)
                               and isinstance(n.value, str) and n.value.startswith("--")]
                    self.assertTrue(options)
                    for option in options:
                        self.assertIn(option.value, self.commands[subcommand], f"{subcommand} {option.value}")
                    checked += 1
        self.assertGreaterEqual(checked, 5)

    def test_the_catalog_option_the_helper_adds_exists_for_every_command(self):
        helper = (DAGS / "batch_jobs_cli.py").read_text(encoding="utf-8")
        self.assertIn('"--catalog-config"', helper)
        for name, options in self.commands.items():
            self.assertIn("--catalog-config", options, name)

    def test_the_hourly_dag_runs_1m_before_1h(self):
        tree = self.parse("rollup_hourly.py")
        granularities = [ast.literal_eval(call.args[1].elts[1]) for call in cli_calls(tree)]
        self.assertEqual(["1m", "1h"], granularities)
        self.assertIn("rollup_1m >> rollup_1h", (DAGS / "rollup_hourly.py").read_text(encoding="utf-8"))

    def test_the_maintenance_dag_runs_retention_before_compaction_from_the_interval_end(self):
        tree = self.parse("maintenance_daily.py")
        self.assertEqual(["retention", "compact"], [ast.literal_eval(call.args[0]) for call in cli_calls(tree)])
        source = (DAGS / "maintenance_daily.py").read_text(encoding="utf-8")
        self.assertIn("retention >> compact", source)
        self.assertIn('INTERVAL_END = "{{ data_interval_end.', source)

    def test_the_backfill_dag_maps_one_task_per_day(self):
        source = (DAGS / "rollup_backfill.py").read_text(encoding="utf-8")
        self.assertIn(".expand(bash_command=", source)
        tree = self.parse("rollup_backfill.py")
        params = keyword(dag_calls(tree)[0], "params")
        self.assertEqual({"start", "end", "metric_prefix", "force"}, {ast.literal_eval(k) for k in params.keys})


class BackfillPlanTest(unittest.TestCase):
    """plan_days is plain Python: run it (the module's Airflow imports are stubbed)."""

    def plan_days(self):
        tree = ast.parse((DAGS / "rollup_backfill.py").read_text(encoding="utf-8"))
        functions = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "plan_days"]
        module = ast.Module(body=[n for n in tree.body if isinstance(n, ast.ImportFrom) and n.module == "datetime"]
                            + [n for n in tree.body if isinstance(n, ast.Assign)
                               and getattr(n.targets[0], "id", None) == "ISO"] + functions, type_ignores=[])
        namespace = {}
        exec(compile(module, "rollup_backfill.py", "exec"), namespace)
        return namespace["plan_days"]

    def test_days_split_at_midnight_utc(self):
        plan_days = self.plan_days()
        self.assertEqual([("2026-01-01T05:00:00Z", "2026-01-02T00:00:00Z"),
                          ("2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z"),
                          ("2026-01-03T00:00:00Z", "2026-01-03T02:00:00Z")],
                         plan_days("2026-01-01T05:00:00Z", "2026-01-03T02:00:00Z"))

    def test_a_range_off_whole_hours_is_refused(self):
        with self.assertRaises(ValueError):
            self.plan_days()("2026-01-01T05:30:00Z", "2026-01-02T00:00:00Z")


if __name__ == "__main__":
    unittest.main()
