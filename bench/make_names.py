"""Generate N noisy marketplace titles (deterministic) for the benchmark, in two mixes.

`market` (default) is drawn the way a food marketplace's listings are: the corpus's own marketplace titles
(corpus/titles.toml, written from real listings) verbatim, and titles built the way real ones are — a brand, a
flavour, the food, selling points and a pack size, with 【】 tags, emoji and the odd zero-width character —
where meat analogues are a minority beside ordinary meat, dairy, soy and snack listings. `worst` builds every
title around an analogue cue (植物肉, 素, 乳基蛋白…), so every one is classified and runs its class's name rules.
"""
from __future__ import annotations

import csv
import random
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOODS = ["牛肉饼", "汉堡饼", "香肠", "鸡块", "牛排", "猪肉馅", "肉丸", "培根", "火腿", "肉松", "鸡米花", "午餐肉", "叉烧", "腊肠", "肉末",
         "烤肠", "牛肉粒", "鸡胸肉", "肉饺", "狮子头"]
ANALOGUE = ["植物肉", "植物基", "大豆植物肉", "乳基蛋白", "素", "植物蛋白", "大豆蛋白", "植物基肉", "素肉", "豌豆蛋白"]
FLAVOURS = ["", "", "黑椒", "香辣", "广式", "奥尔良", "照烧", "孜然", "原味", "藤椒", "麻辣", "蜜汁"]
BRANDS = ["", "", "", "双汇 ", "雨润 ", "正大 ", "圣农 ", "春雪 ", "必品阁 ", "湾仔码头 ", "思念 ", "清美 ", "祖名 ", "伊利 ",
          "飞鹤 ", "良品铺子 ", "三只松鼠 ", "别样肉客 ", "星期零 ", "齐善 "]
OTHER = ["内酯豆腐 400g", "五香素鸡 250g", "孕妇奶粉 900g 罐装", "燕麦奶粉 500g", "豆奶粉 速溶", "核桃奶粉", "手撕素肉 辣条 零食",
         "原切牛排 10片装", "王中王火腿肠 30g*10支", "老豆腐 500g", "千张 豆皮 250g", "腐竹 干货 500g", "全脂奶粉 1kg",
         "纯牛奶 250ml*24盒", "酸奶 100g*8杯", "鸡蛋 30枚", "速冻水饺 猪肉白菜 1kg", "牛肉干 风干 250g", "卤鸭脖 300g",
         "辣条 大刀肉 106g", "豆干 五香 200g", "冷冻虾仁 500g", "东北大米 10kg", "挂面 1kg", "花生油 5L"]
SELLING = ["", "", " 健身轻食", " 早餐 家用", " 买2送1", " 整箱批发", " 儿童", " 高蛋白", " 低脂", " 新鲜", " 正品"]
NOISE_PRE = ["", "", "", "【包邮】", "【现货】", "🔥爆款 ", "[顺丰冷链]", "新品 ", "官方旗舰店 ", "【拍3件】"]
PACK = ["", " 200g*2", " 500克/袋", " 10斤/箱", " 1kg×3袋", " 300g", " 250g*4包", " 2kg"]


def _corpus_titles() -> list[str]:
    try:
        data = tomllib.loads((ROOT / "corpus" / "titles.toml").read_text(encoding="utf-8"))
    except OSError:
        return []
    return [c["name"] for c in data.get("case", []) if "name" in c]


def names(n: int, seed: int = 7, mix: str = "market"):
    """(index, title) × n. mix: "market" (analogues a minority, as listed) or "worst" (every title an analogue)."""
    rnd = random.Random(seed)
    corpus = _corpus_titles()
    for i in range(n):
        r = rnd.random()
        if mix == "worst":
            core = rnd.choice(FLAVOURS) + rnd.choice(ANALOGUE) + rnd.choice(FOODS)
        elif r < 0.10 and corpus:
            yield i, rnd.choice(corpus)
            continue
        elif r < 0.30:
            core = rnd.choice(FLAVOURS) + rnd.choice(ANALOGUE) + rnd.choice(FOODS)
        elif r < 0.55:
            core = rnd.choice(OTHER)
        else:
            core = rnd.choice(FLAVOURS) + rnd.choice(FOODS)
        title = rnd.choice(NOISE_PRE) + rnd.choice(BRANDS) + core + rnd.choice(SELLING) + rnd.choice(PACK)
        if rnd.random() < 0.05:
            title = title.replace("肉", "肉\u200b", 1)
        yield i, title.strip()


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 60000
    mix = sys.argv[2] if len(sys.argv) > 2 else "market"
    out = csv.writer(sys.stdout)
    out.writerow(["id", "name"])
    for i, t in names(n, mix=mix):
        out.writerow([i, t])
