"""PageRank over an edge list ("src dst" per line):
spark-lambda submit examples/pagerank.py EDGES [ITERATIONS]"""

import sys
from operator import add

from spark_lambda import SparkContext


def contributions(urls, rank):
    urls = list(urls)
    for url in urls:
        yield url, rank / len(urls)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print("usage: pagerank.py EDGES [ITERATIONS]", file=sys.stderr)
        sys.exit(2)
    sc = SparkContext(appName="pagerank")
    iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    links = (sc.textFile(sys.argv[1])
             .map(lambda line: tuple(line.split()[:2]))
             .distinct()
             .groupByKey()
             .cache())
    ranks = links.map(lambda kv: (kv[0], 1.0))
    for _ in range(iterations):
        contribs = links.join(ranks).flatMap(lambda kv: contributions(kv[1][0], kv[1][1]))
        ranks = contribs.reduceByKey(add).mapValues(lambda r: 0.15 + 0.85 * r)
    for url, rank in sorted(ranks.collect(), key=lambda kv: (-kv[1], kv[0]))[:10]:
        print(f"{url}\t{rank:.6f}")
    sc.stop()
