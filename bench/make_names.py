"""Generate N noisy marketplace titles and names (deterministic) for the benchmark."""
from __future__ import annotations

import csv
import random
import sys

FOODS = ["牛肉饼", "汉堡饼", "香肠", "鸡块", "牛排", "猪肉馅", "肉丸", "培根", "火腿", "肉松", "鸡米花", "午餐肉", "叉烧", "腊肠", "肉末"]
QUALIFIERS = ["", "", "植物肉", "植物基", "大豆植物肉", "乳基蛋白", "素", "植物蛋白", "大豆"]
FLAVOURS = ["", "黑椒", "香辣", "广式", "奥尔良", "照烧", "孜然", "原味"]
NOISE_PRE = ["", "【包邮】", "【现货】", "🔥爆款 ", "[顺丰冷链]", "新品 ", "官方旗舰店 "]
NOISE_POST = ["", " 200g*2", " 500克/袋", " 10斤/箱", " 健身轻食", " 早餐 家用", " 买2送1", " 1kg×3袋 整箱批发"]
OTHER = ["内酯豆腐 400g", "五香素鸡 250g", "孕妇奶粉 900g 罐装", "燕麦奶粉 500g", "调制植物基奶粉", "手撕素肉 辣条 零食",
         "原切牛排 10片装", "双汇火腿肠 30g*10支", "豆奶粉 速溶", "核桃奶粉"]


def names(n: int, seed: int = 7):
    rnd = random.Random(seed)
    for i in range(n):
        if rnd.random() < 0.2:
            core = rnd.choice(OTHER)
        else:
            core = rnd.choice(FLAVOURS) + rnd.choice(QUALIFIERS) + rnd.choice(FOODS)
        title = rnd.choice(NOISE_PRE) + core + rnd.choice(NOISE_POST)
        if rnd.random() < 0.05:
            title = title.replace("肉", "肉\u200b", 1)
        yield i, title


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 60000
    out = csv.writer(sys.stdout)
    out.writerow(["id", "name"])
    for i, t in names(n):
        out.writerow([i, t])
