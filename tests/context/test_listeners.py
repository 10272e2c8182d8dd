"""Listeners that name their events get only those, and a SQL query's plan is described only
when some listener takes it."""


class Named:
    def __init__(self, *events):
        self.events = frozenset(events)
        self.got = []

    def __call__(self, event, fields):
        self.got.append(event)


def test_a_listener_naming_its_events_gets_only_those(new_context):
    sc = new_context()
    named = Named("task_end")
    sc.add_listener(named)
    sc.parallelize(range(4), 2).count()
    assert named.got == ["task_end", "task_end"]


def test_sql_plans_are_described_only_for_a_listener_that_takes_them(new_context):
    from spark_lambda.sql import SparkSession
    sc = new_context()
    spark = SparkSession(sc)
    assert not sc.listening("sql_execution_start")   # the context's own listeners do not
    named = Named("task_end", "sql_execution_start")
    sc.add_listener(named)
    assert sc.listening("sql_execution_start")
    spark.range(3).collect()
    assert named.got.count("sql_execution_start") == 1
    sc.remove_listener(named)
    everything = []
    sc.add_listener(lambda event, fields: everything.append(event))   # no ``events``: all
    spark.range(3).collect()
    assert "sql_execution_start" in everything and "sql_execution_end" in everything
