/**
 * The shop's product catalog. `seeds/products.csv` carries the same products (plus cost
 * and launch data); a unit test keeps the two in step.
 */

export interface Product {
  productId: string;
  name: string;
  category: string;
  subcategory: string;
  brand: string;
  /** list price in EUR cents */
  priceCents: number;
}

type Row = [name: string, category: string, subcategory: string, brand: string, price: number];

const ROWS: Row[] = [
  ['Aurora X5 Smartphone 128GB', 'Electronics', 'Smartphones', 'Aurora', 549.0],
  ['Aurora X5 Pro Smartphone 256GB', 'Electronics', 'Smartphones', 'Aurora', 799.0],
  ['Nimbus Lite Smartphone 64GB', 'Electronics', 'Smartphones', 'Nimbus', 229.0],
  ['Vertex 14 Ultrabook', 'Electronics', 'Laptops', 'Vertex', 1099.0],
  ['Vertex 16 Creator Laptop', 'Electronics', 'Laptops', 'Vertex', 1649.0],
  ['Nimbus Chromebook 11', 'Electronics', 'Laptops', 'Nimbus', 299.0],
  ['Pulse ANC Wireless Headphones', 'Electronics', 'Audio', 'Pulse', 249.0],
  ['Pulse Buds True Wireless Earbuds', 'Electronics', 'Audio', 'Pulse', 129.0],
  ['Echoline Bluetooth Speaker', 'Electronics', 'Audio', 'Echoline', 79.99],
  ['Echoline Soundbar 2.1', 'Electronics', 'Audio', 'Echoline', 199.0],
  ['Volt 65W USB-C Charger', 'Electronics', 'Accessories', 'Volt', 39.99],
  ['Volt 20000mAh Power Bank', 'Electronics', 'Accessories', 'Volt', 49.99],
  ['Volt Braided USB-C Cable 2m', 'Electronics', 'Accessories', 'Volt', 14.99],
  ['Pixelpeak 27in 4K Monitor', 'Electronics', 'Monitors', 'Pixelpeak', 379.0],
  ['Keyforge Mechanical Keyboard', 'Electronics', 'Accessories', 'Keyforge', 119.0],
  ['Keyforge Wireless Mouse', 'Electronics', 'Accessories', 'Keyforge', 44.99],
  ['Brewmaster Drip Coffee Maker', 'Home & Kitchen', 'Small Appliances', 'Brewmaster', 69.99],
  ['Brewmaster Espresso Machine', 'Home & Kitchen', 'Small Appliances', 'Brewmaster', 329.0],
  ['Crispo Air Fryer 5.5L', 'Home & Kitchen', 'Small Appliances', 'Crispo', 119.0],
  ['Crispo High-Speed Blender', 'Home & Kitchen', 'Small Appliances', 'Crispo', 89.99],
  ['Forgeline Chef Knife 20cm', 'Home & Kitchen', 'Cookware', 'Forgeline', 59.99],
  ['Forgeline Cast Iron Skillet 28cm', 'Home & Kitchen', 'Cookware', 'Forgeline', 44.99],
  ['Forgeline Non-Stick Pan Set', 'Home & Kitchen', 'Cookware', 'Forgeline', 99.0],
  ['Linenly Cotton Bed Sheet Set', 'Home & Kitchen', 'Bedding', 'Linenly', 64.99],
  ['Linenly Down Alternative Duvet', 'Home & Kitchen', 'Bedding', 'Linenly', 89.0],
  ['Linenly Memory Foam Pillow', 'Home & Kitchen', 'Bedding', 'Linenly', 34.99],
  ['Glowhaus LED Desk Lamp', 'Home & Kitchen', 'Lighting', 'Glowhaus', 39.99],
  ['Glowhaus Smart Bulb 4-Pack', 'Home & Kitchen', 'Lighting', 'Glowhaus', 49.99],
  ['Tidy Robot Vacuum', 'Home & Kitchen', 'Cleaning', 'Tidy', 279.0],
  ['Tidy Cordless Stick Vacuum', 'Home & Kitchen', 'Cleaning', 'Tidy', 199.0],
  ['Northpeak Merino Crew Sweater', 'Fashion', 'Knitwear', 'Northpeak', 89.0],
  ['Northpeak Down Puffer Jacket', 'Fashion', 'Outerwear', 'Northpeak', 189.0],
  ['Northpeak Waterproof Rain Shell', 'Fashion', 'Outerwear', 'Northpeak', 129.0],
  ['Urbanthread Slim Fit Jeans', 'Fashion', 'Bottoms', 'Urbanthread', 69.99],
  ['Urbanthread Chino Trousers', 'Fashion', 'Bottoms', 'Urbanthread', 54.99],
  ['Urbanthread Organic Cotton T-Shirt', 'Fashion', 'Tops', 'Urbanthread', 19.99],
  ['Urbanthread Oxford Shirt', 'Fashion', 'Tops', 'Urbanthread', 44.99],
  ['Strideon Everyday Sneakers', 'Fashion', 'Footwear', 'Strideon', 94.99],
  ['Strideon Leather Chelsea Boots', 'Fashion', 'Footwear', 'Strideon', 149.0],
  ['Strideon Wool Socks 3-Pack', 'Fashion', 'Accessories', 'Strideon', 17.99],
  ['Carryall Leather Backpack', 'Fashion', 'Bags', 'Carryall', 139.0],
  ['Carryall Canvas Tote Bag', 'Fashion', 'Bags', 'Carryall', 29.99],
  ['Lumen Vitamin C Serum 30ml', 'Beauty', 'Skincare', 'Lumen', 32.0],
  ['Lumen Daily Moisturizer SPF30', 'Beauty', 'Skincare', 'Lumen', 24.5],
  ['Lumen Gentle Foaming Cleanser', 'Beauty', 'Skincare', 'Lumen', 14.9],
  ['Velvetine Matte Lipstick', 'Beauty', 'Makeup', 'Velvetine', 18.5],
  ['Velvetine Volume Mascara', 'Beauty', 'Makeup', 'Velvetine', 16.9],
  ['Velvetine Eyeshadow Palette', 'Beauty', 'Makeup', 'Velvetine', 36.0],
  ['Silkroot Argan Shampoo 400ml', 'Beauty', 'Haircare', 'Silkroot', 12.9],
  ['Silkroot Repair Conditioner 400ml', 'Beauty', 'Haircare', 'Silkroot', 12.9],
  ['Silkroot Ionic Hair Dryer', 'Beauty', 'Haircare', 'Silkroot', 79.0],
  ['Bloom Eau de Parfum 50ml', 'Beauty', 'Fragrance', 'Bloom', 68.0],
  ['Cedarwood Eau de Toilette 100ml', 'Beauty', 'Fragrance', 'Bloom', 54.0],
  ['Trailhead 2-Person Tent', 'Sports & Outdoors', 'Camping', 'Trailhead', 159.0],
  ['Trailhead 3-Season Sleeping Bag', 'Sports & Outdoors', 'Camping', 'Trailhead', 89.0],
  ['Trailhead Hiking Backpack 40L', 'Sports & Outdoors', 'Hiking', 'Trailhead', 119.0],
  ['Trailhead Trekking Poles', 'Sports & Outdoors', 'Hiking', 'Trailhead', 49.99],
  ['Corefit Yoga Mat 6mm', 'Sports & Outdoors', 'Fitness', 'Corefit', 29.99],
  ['Corefit Adjustable Dumbbells 24kg', 'Sports & Outdoors', 'Fitness', 'Corefit', 299.0],
  ['Corefit Resistance Bands Set', 'Sports & Outdoors', 'Fitness', 'Corefit', 24.99],
  ['Corefit Foam Roller', 'Sports & Outdoors', 'Fitness', 'Corefit', 22.99],
  ['Velocity Road Running Shoes', 'Sports & Outdoors', 'Running', 'Velocity', 129.0],
  ['Velocity GPS Running Watch', 'Sports & Outdoors', 'Running', 'Velocity', 249.0],
  ['Velocity Insulated Water Bottle', 'Sports & Outdoors', 'Running', 'Velocity', 24.99],
  ['Spinwell Indoor Cycling Bike', 'Sports & Outdoors', 'Cycling', 'Spinwell', 549.0],
  ['Spinwell Bike Helmet', 'Sports & Outdoors', 'Cycling', 'Spinwell', 59.99],
  ['The Quiet Algorithm (Hardcover)', 'Books', 'Fiction', 'Harbor Press', 24.99],
  ['Salt and Circuit (Paperback)', 'Books', 'Fiction', 'Harbor Press', 12.99],
  ['A Map of Small Rivers (Paperback)', 'Books', 'Fiction', 'Lantern Books', 13.99],
  ['Data Pipelines in Practice', 'Books', 'Technology', 'Lantern Books', 44.99],
  ['SQL for Analysts, 3rd Edition', 'Books', 'Technology', 'Lantern Books', 39.99],
  ['Designing Event-Driven Systems', 'Books', 'Technology', 'Harbor Press', 49.99],
  ['The Weeknight Kitchen Cookbook', 'Books', 'Cooking', 'Harbor Press', 29.99],
  ['Plant-Based Everyday Cookbook', 'Books', 'Cooking', 'Lantern Books', 27.99],
  ['Atlas of Night Skies', 'Books', 'Science', 'Lantern Books', 34.99],
  ['A Brief History of Weather', 'Books', 'Science', 'Harbor Press', 19.99],
  ['Little Explorers Picture Book', 'Books', 'Children', 'Lantern Books', 11.99],
  ['Brickworks Space Station Set', 'Toys & Games', 'Building Sets', 'Brickworks', 89.99],
  ['Brickworks City Fire Truck', 'Toys & Games', 'Building Sets', 'Brickworks', 39.99],
  ['Brickworks Starter Bucket 500pc', 'Toys & Games', 'Building Sets', 'Brickworks', 24.99],
  ['Meeple Harvest Board Game', 'Toys & Games', 'Board Games', 'Meeple & Co', 44.99],
  ['Meeple Quick Draw Card Game', 'Toys & Games', 'Board Games', 'Meeple & Co', 14.99],
  ['Meeple Family Trivia Night', 'Toys & Games', 'Board Games', 'Meeple & Co', 29.99],
  ['Puzzlecraft 1000 Piece Puzzle', 'Toys & Games', 'Puzzles', 'Puzzlecraft', 19.99],
  ['Puzzlecraft 3D Wooden Globe', 'Toys & Games', 'Puzzles', 'Puzzlecraft', 34.99],
  ['Zoomkid RC Stunt Car', 'Toys & Games', 'Outdoor Play', 'Zoomkid', 49.99],
  ['Zoomkid Kick Scooter', 'Toys & Games', 'Outdoor Play', 'Zoomkid', 69.99],
  ['Cuddlecub Plush Bear', 'Toys & Games', 'Plush', 'Cuddlecub', 19.99],
  ['Highland Single-Origin Coffee Beans 1kg', 'Grocery', 'Coffee & Tea', 'Highland Roasters', 24.9],
  ['Highland Espresso Capsules 50-Pack', 'Grocery', 'Coffee & Tea', 'Highland Roasters', 17.5],
  ['Teahouse Sencha Green Tea 100g', 'Grocery', 'Coffee & Tea', 'Teahouse', 9.9],
  ['Teahouse Earl Grey 50 Bags', 'Grocery', 'Coffee & Tea', 'Teahouse', 6.5],
  ['Goldgrove Extra Virgin Olive Oil 1L', 'Grocery', 'Pantry', 'Goldgrove', 13.9],
  ['Goldgrove Aged Balsamic Vinegar', 'Grocery', 'Pantry', 'Goldgrove', 11.5],
  ['Nutwise Mixed Nuts 500g', 'Grocery', 'Snacks', 'Nutwise', 8.99],
  ['Nutwise Dark Chocolate 85% 5-Pack', 'Grocery', 'Snacks', 'Nutwise', 12.5],
  ['Nutwise Protein Bars 12-Pack', 'Grocery', 'Snacks', 'Nutwise', 19.99],
  ['Pantrypal Organic Pasta 4-Pack', 'Grocery', 'Pantry', 'Pantrypal', 7.99],
  ['Pantrypal Basmati Rice 2kg', 'Grocery', 'Pantry', 'Pantrypal', 6.99],
  ['Highland Cold Brew Concentrate 1L', 'Grocery', 'Coffee & Tea', 'Highland Roasters', 11.9],
];

/** Every product, with ids P0001..P0100 in catalog order. */
export const PRODUCTS: readonly Product[] = ROWS.map(([name, category, subcategory, brand, price], index) => ({
  productId: `P${String(index + 1).padStart(4, '0')}`,
  name,
  category,
  subcategory,
  brand,
  priceCents: Math.round(price * 100),
}));

/** Distinct categories in catalog order. */
export const CATEGORIES: readonly string[] = [...new Set(PRODUCTS.map((product) => product.category))];
