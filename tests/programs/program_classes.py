"""Records of classes the program itself defines: a namedtuple and a class in
``__main__``, and both again defined inside a function. They go out with
``parallelize``, come back as results, and cross a shuffle. Prints one JSON document.

usage: program_classes.py"""

import json
from collections import namedtuple

from spark_lambda import SparkContext

Point = namedtuple("Point", "x y")


class Box:
    def __init__(self, value):
        self.value = value


def main():
    Local = namedtuple("Local", "a")

    class Inner:
        def __init__(self, value):
            self.value = value

    sc = SparkContext(appName="program-classes")
    points = sc.parallelize([Point(1, 2), Point(3, 4), Point(5, 6)], 2)
    made = sc.parallelize(range(4), 2).map(lambda i: Point(i, -i)).collect()
    boxes = sc.parallelize([Box(1), Box(2)], 2).map(lambda b: Box(b.value * 10)).collect()
    locals_back = sc.parallelize([Local(1), Local(2)], 2).collect()
    inner = sc.parallelize(range(3), 2).map(Inner).collect()
    grouped = (sc.parallelize(range(6), 3).map(lambda i: (i % 2, Inner(i))).groupByKey()
               .mapValues(lambda vs: sorted(v.value for v in vs)).collect())
    print(json.dumps({
        "sums": points.map(lambda p: p.x + p.y).collect(),
        "made": [list(p) for p in made],
        "made_is_point": all(isinstance(p, Point) for p in made),
        "boxes": [b.value for b in boxes],
        "boxes_are_box": all(isinstance(b, Box) for b in boxes),
        "locals": [list(x) for x in locals_back],
        "locals_are_local": all(isinstance(x, Local) for x in locals_back),
        "inner": [x.value for x in inner],
        "inner_is_inner": all(isinstance(x, Inner) for x in inner),
        "grouped": sorted(grouped),
    }))
    sc.stop()


if __name__ == "__main__":
    main()
