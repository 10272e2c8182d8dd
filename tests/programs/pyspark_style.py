"""A PySpark RDD program with only the import changed: joins, cogroups, sorts
and pagerank iterations over a cached RDD. Prints one JSON document.

usage: pyspark_style.py CUSTOMERS_CSV ORDERS_CSV LINKS ITERATIONS"""

import json
import sys
from operator import add

from spark_lambda import SparkContext


def contributions(urls, rank):
    urls = list(urls)
    for url in urls:
        yield url, rank / len(urls)


sc = SparkContext(appName="pyspark-style")
customers = sc.textFile(sys.argv[1]).map(lambda line: line.split(",")).map(lambda f: (f[0], f[1]))
orders = (sc.textFile(sys.argv[2]).map(lambda line: line.split(","))
          .map(lambda f: (f[1], int(f[2]))))
out = {
    "join": sorted(customers.join(orders).collect()),
    "leftOuterJoin": sorted(customers.leftOuterJoin(orders).collect(), key=repr),
    "rightOuterJoin": sorted(orders.rightOuterJoin(customers).collect(), key=repr),
    "fullOuterJoin": sorted(customers.fullOuterJoin(orders).collect(), key=repr),
    "cogroup": sorted((k, [sorted(a), sorted(b)]) for k, (a, b) in customers.cogroup(orders).collect()),
    "totals": orders.reduceByKey(add).sortBy(lambda kv: (-kv[1], kv[0])).collect(),
    "by_name_desc": customers.map(lambda kv: (kv[1], kv[0])).sortByKey(False).collect(),
    "amounts_sorted": orders.values().sortBy(lambda x: x, numPartitions=3).collect(),
    "top_orders": orders.top(3, key=lambda kv: (kv[1], kv[0])),
    "count_by_key": sorted(orders.countByKey().items()),
    "distinct_customers_with_orders": sorted(orders.keys().distinct().collect()),
}

links = (sc.textFile(sys.argv[3]).map(lambda line: tuple(line.split()[:2]))
         .distinct().groupByKey().cache())
ranks = links.map(lambda kv: (kv[0], 1.0))
for _ in range(int(sys.argv[4])):
    contribs = links.join(ranks).flatMap(lambda kv: contributions(kv[1][0], kv[1][1]))
    ranks = contribs.reduceByKey(add).mapValues(lambda rank: rank * 0.85 + 0.15)
out["pagerank"] = sorted(ranks.collect())
print(json.dumps(out))
sc.stop()
